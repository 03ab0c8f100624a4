using Assistant.Core.Documents;
using Assistant.Core.Text;

namespace Assistant.Plugins.Summarize;

/// <summary>Cuts a source into numbered citable parts: paragraphs joined up to a token target, or a document's chunks.</summary>
internal static class SummaryParts
{
    public static List<SummaryPart> FromText(string text, string? title, int partTokens, ITokenCounter tokens)
    {
        var parts = new List<SummaryPart>();
        int start = -1, end = 0, size = 0;
        foreach (var (pStart, pEnd) in Paragraphs(text).SelectMany(p => Slices(text, p.Start, p.End, partTokens, tokens)))
        {
            var t = tokens.Count(text[pStart..pEnd]);
            if (start >= 0 && size + t > partTokens)
            {
                parts.Add(new SummaryPart(parts.Count + 1, text[start..end], null, title, null, start, end));
                start = -1;
                size = 0;
            }

            if (start < 0) start = pStart;
            end = pEnd;
            size += t;
        }

        if (start >= 0) parts.Add(new SummaryPart(parts.Count + 1, text[start..end], null, title, null, start, end));
        return parts;
    }

    public static void AddChunks(List<SummaryPart> parts, DocumentRecord document, IEnumerable<Chunk> chunks)
    {
        var title = document.Title ?? Path.GetFileName(document.SourcePath);
        foreach (var chunk in chunks.OrderBy(c => c.Index))
        {
            parts.Add(new SummaryPart(parts.Count + 1, chunk.Text, document.Id, title, chunk.Section.Length > 0 ? chunk.Section : null, chunk.StartOffset, chunk.EndOffset));
        }
    }

    /// <summary>
    /// A paragraph far over the part size (a wall of text with no blank lines) is cut into slices of about twice
    /// the size, each ending at a sentence end or a space, so that no single part can outgrow a model's window.
    /// </summary>
    private static IEnumerable<(int Start, int End)> Slices(string text, int start, int end, int partTokens, ITokenCounter tokens)
    {
        while (end - start > partTokens * 2 && tokens.Count(text[start..end]) > partTokens * 4)
        {
            var fit = Math.Max(1, tokens.LengthWithin(text.AsSpan(start, end - start), partTokens * 2));
            var cut = start + fit;
            var sentenceEnd = text.LastIndexOfAny(['.', '!', '?', '。', '\n'], cut - 1, fit);
            var space = text.LastIndexOf(' ', cut - 1, fit);
            cut = sentenceEnd > start + fit / 2 ? sentenceEnd + 1 : space > start + fit / 2 ? space + 1 : cut;
            var sliceEnd = cut;
            while (sliceEnd > start && char.IsWhiteSpace(text[sliceEnd - 1])) sliceEnd--;
            yield return (start, sliceEnd);
            start = cut;
            while (start < end && char.IsWhiteSpace(text[start])) start++;
        }

        if (start < end) yield return (start, end);
    }

    /// <summary>Paragraph spans (blank-line separated, trimmed), as offsets into the text.</summary>
    private static IEnumerable<(int Start, int End)> Paragraphs(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i >= text.Length) yield break;
            var start = i;
            var blank = text.IndexOf("\n\n", start, StringComparison.Ordinal);
            var crlf = text.IndexOf("\r\n\r\n", start, StringComparison.Ordinal);
            var stop = (blank, crlf) switch
            {
                (< 0, < 0) => text.Length,
                (< 0, _) => crlf,
                (_, < 0) => blank,
                _ => Math.Min(blank, crlf),
            };
            var end = stop;
            while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
            yield return (start, end);
            i = stop;
        }
    }
}
