using System.Globalization;
using System.Text;

namespace Assistant.Core.Ingestion.Normalization;

/// <summary>
/// How believable a character is in running text. Used twice: to decide whether a decoded run reads better than
/// the mojibake it replaces, and to measure what still looks like garbage after repair.
/// </summary>
internal static class TextPlausibility
{
    /// <summary>Typographic characters that real prose uses freely, so they say nothing about damage.</summary>
    private const string CommonTypography = "\u00A0“”‘’‚„«»–—…•·€£°§";

    public static bool IsHangulOrCjk(int cp) =>
        cp is >= 0xAC00 and <= 0xD7A3 // Hangul syllables
            or >= 0x1100 and <= 0x11FF or >= 0x3130 and <= 0x318F // Hangul jamo
            or >= 0x3040 and <= 0x30FF // kana
            or >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF; // CJK ideographs

    public static bool IsEmoji(int cp) => cp is >= 0x1F000 and <= 0x1FAFF or >= 0x2600 and <= 0x27BF;

    /// <summary>Letters of the scripts a 2-byte UTF-8 sequence usually carries in real documents.</summary>
    public static bool IsCommonTwoByteLetter(int cp) =>
        cp is >= 0xC0 and <= 0x17F and not 0xD7 and not 0xF7 // Latin-1 letters, Latin Extended-A
            or >= 0x218 and <= 0x21B // Romanian comma-below letters
            or >= 0x386 and <= 0x3CE // modern Greek
            or >= 0x400 and <= 0x45F // basic Cyrillic
            or >= 0x5D0 and <= 0x5EA // Hebrew letters
            or >= 0x621 and <= 0x64A; // Arabic letters

    /// <summary>
    /// Score of one code point: CJK/Hangul +3, emoji +2, common letters +1, ASCII and common typography 0,
    /// other symbols −1, letters of rarely seen scripts −2, controls/private use/U+FFFD −3.
    /// </summary>
    public static int Score(int cp)
    {
        if (cp < 0x80)
        {
            return 0;
        }

        if (IsHangulOrCjk(cp))
        {
            return 3;
        }

        if (IsEmoji(cp))
        {
            return 2;
        }

        if (cp <= 0xFFFF && CommonTypography.Contains((char)cp, StringComparison.Ordinal))
        {
            return 0;
        }

        if (cp is 0xFFFD or >= 0x80 and <= 0x9F)
        {
            return -3;
        }

        var category = cp <= 0xFFFF
            ? CharUnicodeInfo.GetUnicodeCategory((char)cp)
            : CharUnicodeInfo.GetUnicodeCategory(cp);
        switch (category)
        {
            case UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.Control:
                return -3;
            case UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.OtherLetter:
                if (cp is 0xAA or 0xBA or 0xB5)
                {
                    return -1; // ª º µ behave as symbols in Latin text
                }

                if (cp <= 0x7FF)
                {
                    return IsCommonTwoByteLetter(cp) || cp is >= 0x180 and <= 0x24F ? 1 : -2;
                }

                return 1;
            case UnicodeCategory.SpaceSeparator or UnicodeCategory.DecimalDigitNumber:
                return 0;
            case UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
                or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                when cp >= 0x2000 && cp <= 0x206F:
                return 0;
            default:
                // Modifier letters, combining marks, Latin-1 symbols, ™, ‰, ‹ and their kind: rare in prose,
                // the bread and butter of mojibake.
                return -1;
        }
    }

    /// <summary>Code point at <paramref name="index"/>, combining a surrogate pair; lone surrogates read as U+FFFD.</summary>
    public static int CodePointAt(string text, int index, out int width)
    {
        var c = text[index];
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            width = 2;
            return char.ConvertToUtf32(c, text[index + 1]);
        }

        width = 1;
        return char.IsSurrogate(c) ? 0xFFFD : c;
    }

    public static void AppendCodePoint(StringBuilder sb, int cp)
    {
        if (cp <= 0xFFFF)
        {
            sb.Append((char)cp);
        }
        else
        {
            sb.Append(char.ConvertFromUtf32(cp));
        }
    }
}
