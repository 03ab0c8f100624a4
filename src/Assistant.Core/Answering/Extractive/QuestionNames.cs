using Assistant.Core.Retrieval;
using Assistant.Core.Text;

namespace Assistant.Core.Answering.Extractive;

/// <summary>
/// Names in a question that the documents never mention: "Apple Watch", "KLUE", "BLEURT", "Bitcoin". A question about
/// something no indexed document names is not answered by a passage that shares its other words ("Nimbus Notes",
/// "app"), however well those match: that is how on-topic questions the documents don't answer get quoted answers.
/// </summary>
public static class QuestionNames
{
    /// <summary>
    /// The words of <paramref name="question"/> written as names — capitalised past the first word, all capitals, letters
    /// mixed with digits, a capitalised Latin word in a Korean question — that no indexed chunk contains (with statistics), or
    /// none of <paramref name="hits"/> contains (without).
    /// </summary>
    public static IReadOnlyList<string> Unknown(string question, IReadOnlyList<SearchHit> hits, TermStatistics? statistics)
    {
        var korean = TextAnalyzer.ContainsHangul(question);
        var words = question.Split((char[])[' ', '\t', '\n', '?', '!', ',', '(', ')', '"', '\'', '？', '“', '”'], StringSplitOptions.RemoveEmptyEntries);
        HashSet<string>? hitTerms = null;
        // Stop words ("US" → "us") are no query terms and were never looked up: they count as known.
        var queried = TextAnalyzer.QueryTerms(question).ToHashSet(StringComparer.Ordinal);
        var unknown = new List<string>();
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i].Trim('.', ':', ';');
            var latin = LatinPrefix(word);
            if (latin.Length < 2 || !IsNameLike(latin, first: i == 0, korean)) continue;
            var terms = TextAnalyzer.Terms(latin).ToList();
            if (terms.Count == 0) continue;
            bool Known(string t)
            {
                if (!queried.Contains(t)) return true;
                if (statistics is not null) return statistics.ChunksWithTerm.GetValueOrDefault(t) > 0;
                hitTerms ??= hits.SelectMany(h => TextAnalyzer.Terms(h.Section + " " + h.Text)).ToHashSet(StringComparer.Ordinal);
                return hitTerms.Contains(t);
            }

            if (!terms.All(Known)) unknown.Add(latin);
        }

        return unknown;
    }

    // "KLUE는" → "KLUE": a Korean particle may follow a Latin name without a space.
    private static string LatinPrefix(string word)
    {
        var end = 0;
        while (end < word.Length && (char.IsAsciiLetterOrDigit(word[end]) || word[end] is '-' or '.' or '\'')) end++;
        return word[..end].Trim('-', '.', '\'');
    }

    private static bool IsNameLike(string word, bool first, bool korean)
    {
        if (!word.Any(char.IsAsciiLetter)) return false;
        var upper = word.Count(char.IsAsciiLetterUpper);
        if (upper >= 2 || word.Any(char.IsAsciiDigit)) return true;
        // In a Korean question a capitalised Latin word is a name wherever it stands ("Gemini는", "KLUE 벤치마크").
        return (korean || !first) && char.IsAsciiLetterUpper(word[0]);
    }
}
