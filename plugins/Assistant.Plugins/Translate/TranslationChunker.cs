using Assistant.Core.Ingestion.Chunking;
using Assistant.Core.Text;

namespace Assistant.Plugins.Translate;

/// <summary>
/// Cuts a text into spans of at most a token budget, at blank lines outside fenced code, and inside an over-long
/// paragraph at sentence ends; a fenced code block is a span of its own. The text between spans (whitespace) is kept as is, so
/// joining the translated spans with it gives back the original layout.
/// </summary>
internal static class TranslationChunker
{
    public static List<(int Start, int End)> Split(string text, int maxTokens, ITokenCounter tokens)
    {
        var spans = new List<(int Start, int End)>();
        int start = -1, end = 0, size = 0;
        foreach (var (bStart, bEnd, isCode) in Blocks(text))
        {
            // Code blocks stand alone and are never sent: nothing in them may change, so a model can only break them.
            if (isCode)
            {
                if (start >= 0) spans.Add((start, end));
                spans.Add((bStart, bEnd));
                start = -1;
                size = 0;
                continue;
            }

            foreach (var (sStart, sEnd) in Sentences(text, bStart, bEnd, maxTokens, tokens))
            {
                var t = tokens.Count(text[sStart..sEnd]);
                if (start >= 0 && size + t > maxTokens)
                {
                    spans.Add((start, end));
                    start = -1;
                    size = 0;
                }

                if (start < 0) start = sStart;
                end = sEnd;
                size += t;
            }
        }

        if (start >= 0) spans.Add((start, end));
        return spans;
    }

    /// <summary>Trimmed blocks: a fenced code block whole, or the lines up to the next blank line outside a fence.</summary>
    private static IEnumerable<(int Start, int End, bool IsCode)> Blocks(string text)
    {
        int? start = null;
        var end = 0;
        string? fence = null;
        var fenceStart = 0;
        var pos = 0;
        while (pos < text.Length)
        {
            var newline = text.IndexOf('\n', pos);
            var lineEnd = newline < 0 ? text.Length : newline;
            var line = text[pos..lineEnd].TrimEnd('\r');
            var trimmed = line.TrimStart();
            if (fence is not null)
            {
                if (trimmed.StartsWith(fence, StringComparison.Ordinal) && trimmed.Trim() == fence)
                {
                    yield return (fenceStart, pos + line.Length, true);
                    fence = null;
                }
            }
            else if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
            {
                if (start is { } s) yield return (s, end, false);
                start = null;
                fence = trimmed[..3];
                fenceStart = pos + (line.Length - trimmed.Length);
            }
            else if (trimmed.Length == 0)
            {
                if (start is { } s) yield return (s, end, false);
                start = null;
            }
            else
            {
                start ??= pos + (line.Length - trimmed.Length);
                end = pos + line.Length;
            }

            pos = lineEnd + 1;
        }

        // An unclosed fence runs to the end of the text, as Markdown renders it.
        if (fence is not null) yield return (fenceStart, text.TrimEnd().Length, true);
        else if (start is { } last) yield return (last, end, false);
    }

    private static IEnumerable<(int Start, int End)> Sentences(string text, int start, int end, int maxTokens, ITokenCounter tokens)
    {
        if (tokens.Count(text[start..end]) <= maxTokens)
        {
            yield return (start, end);
            yield break;
        }

        var spans = new List<(int Start, int End)>();
        var at = start;
        foreach (var sentence in SentenceSplitter.Split(text[start..end]))
        {
            var found = text.IndexOf(sentence, at, end - at, StringComparison.Ordinal);
            if (found < 0)
            {
                // The splitter normalised something: never drop text, send the paragraph whole instead.
                spans = [(start, end)];
                break;
            }

            spans.Add((found, found + sentence.Length));
            at = found + sentence.Length;
        }

        foreach (var span in spans) yield return span;
    }
}
