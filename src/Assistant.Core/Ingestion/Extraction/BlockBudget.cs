using System.Numerics;

namespace Assistant.Core.Ingestion.Extraction;

/// <summary>
/// Caps how many structural blocks (paragraphs, headings, list items…) one file may have. Memory per block is
/// several hundred bytes across the parser's tree, the blocks, repair and chunking, so a 20 MB file of a million
/// one-line headings took 1.3 GB while 20 MB of ordinary paragraphs (~40,000 blocks) takes a fraction of it.
/// For text formats a linear line scan estimates the count before any parser builds a tree — on the raw bytes when
/// the encoding keeps ASCII as single bytes (UTF-8, CP949), so a refused file is never even decoded.
/// </summary>
public static class BlockBudget
{
    public static void Check(int blocks, int maxBlocks)
    {
        if (blocks > maxBlocks) throw Rejected(blocks, maxBlocks, estimate: false);
    }

    /// <summary>Estimates the blocks of Markdown or plain text (lines that start a paragraph, heading or list item) and refuses past the cap.</summary>
    public static void CheckText(ReadOnlySpan<char> text, int maxBlocks) => Scan(text, maxBlocks);

    /// <summary>The same scan over undecoded bytes; skipped for UTF-16 (checked again on the decoded text).</summary>
    public static void CheckBytes(ReadOnlySpan<byte> bytes, int maxBlocks)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return;
        Scan(bytes, maxBlocks);
    }

    private static void Scan<T>(ReadOnlySpan<T> text, int maxBlocks)
        where T : unmanaged, IBinaryInteger<T>
    {
        T newline = T.CreateTruncating('\n'), space = T.CreateTruncating(' '), tab = T.CreateTruncating('\t'), cr = T.CreateTruncating('\r');
        T hash = T.CreateTruncating('#'), dash = T.CreateTruncating('-'), star = T.CreateTruncating('*'), plus = T.CreateTruncating('+'), quote = T.CreateTruncating('>');
        T zero = T.CreateTruncating('0'), nine = T.CreateTruncating('9'), dot = T.CreateTruncating('.'), paren = T.CreateTruncating(')');
        var blocks = 0;
        var previousBlank = true;
        while (true)
        {
            var end = text.IndexOf(newline);
            var line = end < 0 ? text : text[..end];
            var start = 0;
            while (start < line.Length && (line[start] == space || line[start] == tab || line[start] == cr)) start++;
            var blank = start == line.Length;
            if (!blank)
            {
                var first = line[start];
                var marker = first == hash || first == dash || first == star || first == plus || first == quote
                    || (first >= zero && first <= nine && line[start..].IndexOfAny(dot, paren) is > 0 and < 10);
                if ((previousBlank || marker) && ++blocks > maxBlocks) throw Rejected(blocks, maxBlocks, estimate: true);
            }

            previousBlank = blank;
            if (end < 0) return;
            text = text[(end + 1)..];
        }
    }

    private static DocumentRejectedException Rejected(int blocks, int maxBlocks, bool estimate) => new(estimate
        ? $"more than {maxBlocks:N0} paragraphs, headings and list items in one file (Ingestion:MaxBlocksPerFile): split the file"
        : $"{blocks:N0} paragraphs, headings and list items, more than the {maxBlocks:N0} allowed in one file (Ingestion:MaxBlocksPerFile): split the file");
}
