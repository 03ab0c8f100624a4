using System.Text.RegularExpressions;

namespace Assistant.Core.Ingestion.Chunking;

/// <summary>
/// Splits text into sentences for English and Korean. Korean sentences usually end in a verb ending
/// ("-다.", "-요.", "-니다.") followed by a period, but notes and slides often drop the period before a
/// line break, so a line break after such an ending also closes a sentence.
/// </summary>
public static partial class SentenceSplitter
{
    public static IReadOnlyList<string> Split(string text)
    {
        var sentences = new List<string>();
        foreach (var piece in Boundary().Split(text))
        {
            var s = piece.Trim();
            if (s.Length > 0) sentences.Add(s);
        }

        return sentences;
    }

    // 1) . ! ? and their full-width forms followed by whitespace, unless the period ends a common
    //    abbreviation or a single letter/number ("e.g.", "U.S.", "3."); 2) any line break after a
    //    Korean sentence ending; 3) a line break before a list bullet.
    [GeneratedRegex(@"(?<=(?<!\b(?:e\.g|i\.e|etc|vs|Mr|Mrs|Dr|Inc|No|Fig|cf|approx)|\b\w)[.!?。！？…])\s+|(?<=[다요죠음함임됨까][.!?]?)[ \t]*\n\s*|\n(?=\s*(?:[-*•]|\d+[.)])\s)", RegexOptions.CultureInvariant)]
    private static partial Regex Boundary();
}
