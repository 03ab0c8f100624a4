using System.Text;

namespace Assistant.Core.Ingestion.Extraction;

/// <summary>
/// Decodes the bytes of a text-like file (.txt, .md, .html): UTF-8 (with or without BOM), UTF-16 with a BOM or
/// recognisably without one,
/// and legacy Korean CP949/EUC-KR when the bytes are not UTF-8 but read cleanly as Korean. Anything else is
/// rejected with the reason, so binary files with a text extension never reach the index.
/// </summary>
public static class TextDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static TextDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return StrictDecode(bytes[3..], 3);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return Encoding.Unicode.GetString(bytes[2..]);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return Encoding.BigEndianUnicode.GetString(bytes[2..]);

        var sample = bytes[..Math.Min(bytes.Length, 64 * 1024)];
        if (sample.IndexOf((byte)0) >= 0)
        {
            // Notepad and PowerShell write UTF-16 without a BOM; its ASCII characters carry a zero byte each.
            if (TryUtf16WithoutBom(bytes, out var utf16)) return utf16;
            throw new DocumentRejectedException("binary content: the file contains NUL bytes, so it is not a text file despite its extension");
        }

        var controls = 0;
        foreach (var b in sample)
        {
            if (b < 0x20 && b is not (byte)'\n' and not (byte)'\r' and not (byte)'\t' and not 0x0C and not 0x1B) controls++;
        }

        if (sample.Length > 0 && controls > sample.Length / 10)
        {
            throw new DocumentRejectedException($"binary content: {controls} control bytes in the first {sample.Length} bytes, so it is not a text file despite its extension");
        }

        return StrictDecode(bytes, 0);
    }

    private static string StrictDecode(ReadOnlySpan<byte> bytes, int offset)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            if (TryLegacyKorean(bytes, out var text)) return text;
            var at = ex.Index >= 0 ? $" at byte {ex.Index + offset}" : string.Empty;
            throw new DocumentRejectedException($"invalid UTF-8{at}, and the bytes are not CP949/EUC-KR Korean either; save the file as UTF-8");
        }
    }

    /// <summary>
    /// UTF-16 without a byte-order mark: an even length, zero bytes (if any) all on one side of each pair, and text
    /// that decodes strictly into mostly letters, digits, punctuation and spaces. Binary files fail the last test.
    /// Only tried when zero bytes are present: without any (no space, digit or Latin letter at all), pairs of ASCII
    /// bytes decode to CJK ideographs that look like letters, so the guess would be unsafe.
    /// </summary>
    private static bool TryUtf16WithoutBom(ReadOnlySpan<byte> bytes, out string text)
    {
        text = string.Empty;
        if (bytes.Length < 4 || bytes.Length % 2 != 0) return false;
        var sample = bytes[..Math.Min(bytes.Length, 64 * 1024)];
        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < sample.Length; i++)
        {
            if (sample[i] != 0) continue;
            if (i % 2 == 0) evenZeros++;
            else oddZeros++;
        }

        var littleEndian = oddZeros >= evenZeros;
        if (Math.Min(evenZeros, oddZeros) > (evenZeros + oddZeros) / 50) return false;
        var encoding = new UnicodeEncoding(bigEndian: !littleEndian, byteOrderMark: false, throwOnInvalidBytes: true);
        try
        {
            text = encoding.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var plausible = 0;
        foreach (var c in text.AsSpan(0, Math.Min(text.Length, 32 * 1024)))
        {
            if (char.IsLetterOrDigit(c) || char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c)) plausible++;
        }

        return plausible >= Math.Min(text.Length, 32 * 1024) * 0.95;
    }

    private static bool TryLegacyKorean(ReadOnlySpan<byte> bytes, out string text)
    {
        text = string.Empty;
        var cp949 = Encoding.GetEncoding(949, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        try
        {
            text = cp949.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var letters = text.Count(char.IsLetter);
        var hangul = text.Count(c => c is >= '\uAC00' and <= '\uD7A3');
        return letters > 0 && hangul >= letters * 0.3;
    }
}
