namespace Assistant.Core.Ingestion.Extraction;

/// <summary>
/// Caps how many structural blocks (paragraphs, headings, list items…) one file may have. Memory per block is
/// several hundred bytes across the parser's tree, the blocks, repair and chunking, so a 20 MB file of a million
/// one-line headings took 1.3 GB while 20 MB of ordinary paragraphs (~40,000 blocks) takes a fraction of it.
/// For text formats a linear line scan estimates the count before any parser builds a tree.
/// </summary>
public static class BlockBudget
{
    public static void Check(int blocks, int maxBlocks)
    {
        if (blocks > maxBlocks) throw Rejected(blocks, maxBlocks);
    }

    /// <summary>Estimates the blocks of Markdown or plain text (lines that start a paragraph, heading or list item) and refuses past the cap.</summary>
    public static void CheckText(string text, int maxBlocks)
    {
        var blocks = 0;
        var previousBlank = true;
        var lineStart = 0;
        while (lineStart <= text.Length)
        {
            var end = text.IndexOf('\n', lineStart);
            if (end < 0) end = text.Length;
            var line = text.AsSpan(lineStart, end - lineStart).TrimStart(" \t\r");
            var blank = line.IsEmpty;
            if (!blank && (previousBlank || line[0] is '#' or '-' or '*' or '+' or '>' || (line[0] is >= '0' and <= '9' && line.IndexOfAny('.', ')') is > 0 and < 10)))
            {
                if (++blocks > maxBlocks) throw Rejected(blocks, maxBlocks, estimate: true);
            }

            previousBlank = blank;
            lineStart = end + 1;
        }
    }

    private static DocumentRejectedException Rejected(int blocks, int maxBlocks, bool estimate = false) =>
        new($"{(estimate ? "over " : string.Empty)}{blocks:N0} paragraphs, headings and list items, more than the {maxBlocks:N0} allowed in one file (Ingestion:MaxBlocksPerFile): split the file");
}
