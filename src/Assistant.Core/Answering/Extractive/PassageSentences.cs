using System.Text.RegularExpressions;
using Assistant.Core.Ingestion.Chunking;
using Assistant.Core.Retrieval;
using Assistant.Core.Text;

namespace Assistant.Core.Answering.Extractive;

/// <summary>
/// The sentences of a passage that can be quoted as an answer: statements, not the headings, titles, table-of-contents
/// links or code fragments that chunks also carry. A heading says what a passage is about; it does not answer anything.
/// </summary>
public static partial class PassageSentences
{
    public static IReadOnlyList<string> Of(SearchHit hit)
    {
        var headings = hit.Section.Split(" > ", StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var sentences = new List<string>();
        foreach (var rawLine in hit.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var line = rawLine.TrimStart('#', ' ').Trim();
            if (headings.Contains(line) || rawLine.StartsWith('#') || IsUnderline(line) || IsTitleLine(line)) continue;
            foreach (var piece in SentenceSplitter.Split(line))
            {
                var sentence = ListMarker().Replace(piece, string.Empty);
                if (!headings.Contains(sentence) && IsStatement(sentence)) sentences.Add(sentence);
            }
        }

        return sentences;
    }

    /// <summary>
    /// A title or heading line: short, without the punctuation or verb ending of a sentence ("NIMBUS NOTES RELEASE NOTES",
    /// "4.3.0 (2025-03-18)", "2.1 토큰화"). Table rows ("Gemini 2.5 Pro | 1463 | …") are data, not titles.
    /// </summary>
    internal static bool IsTitleLine(string line)
    {
        if (line.Contains('|')) return false;
        var end = line.TrimEnd('"', '\'', ')', '”', '’', '*', '_');
        if (end.Length == 0) return true;
        if (".!?。！？…:;".Contains(end[^1], StringComparison.Ordinal)) return false;
        if (TextAnalyzer.ContainsHangul(end) && "다요죠음함임됨".Contains(end[^1], StringComparison.Ordinal)) return false;
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 10;
    }

    private static bool IsUnderline(string line) => line.Length >= 3 && line.All(c => c is '-' or '=' or '~' or '*' or '_');

    // Markdown links ("[Refunds](#refunds)"), headings and code fragments are not answers; Hangul packs more per character.
    private static bool IsStatement(string s)
    {
        var minLength = TextAnalyzer.ContainsHangul(s) ? 10 : 20;
        return s.Length >= minLength && !MarkdownLink().IsMatch(s) && !s.StartsWith('#')
            && s.Count(char.IsLetter) >= 3 && s.Count(char.IsLetterOrDigit) >= s.Length / 2;
    }

    [GeneratedRegex(@"^(?:[-*•]|\d{1,2}[.)])\s+")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"^\[[^\]]*\]\(")]
    private static partial Regex MarkdownLink();
}
