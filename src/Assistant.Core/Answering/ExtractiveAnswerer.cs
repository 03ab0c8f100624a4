using System.Text;
using System.Text.RegularExpressions;
using Assistant.Core.Ingestion.Chunking;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage;
using Assistant.Core.Text;

namespace Assistant.Core.Answering;

/// <summary>
/// Answers without a language model: picks the sentences of the top passages that cover most of the
/// question's terms and cites each. When the best passage covers too little of the question, it says the
/// documents do not answer it rather than quoting something loosely related.
/// </summary>
public sealed partial class ExtractiveAnswerer(IKnowledgeStore? store = null)
{
    /// <summary>
    /// Share of the question's term weight that the best passage must contain for an answer. Terms are weighted by
    /// how rare they are in the index when the store can tell (<see cref="ITermStatisticsSource"/>), so a passage
    /// that shares "Nimbus Notes" but not "fax" does not count as answering "How do I send a note by fax?".
    /// </summary>
    public const double MinPassageCoverage = 0.35;

    /// <summary>Retrieves term statistics from the store (when it has them) and answers.</summary>
    public async Task<AnswerResult> AnswerAsync(string question, IReadOnlyList<SearchHit> hits, CancellationToken cancellationToken)
    {
        TermStatistics? statistics = null;
        if (store is ITermStatisticsSource source && hits.Count > 0)
        {
            statistics = await source.GetTermStatisticsAsync(TextAnalyzer.QueryTerms(question).ToList(), cancellationToken);
        }

        return Answer(question, hits, statistics);
    }

    private const int MaxSentences = 3;
    private const int MaxSentenceChars = 400;

    public static string NotFoundMessage(string question) => TextAnalyzer.ContainsHangul(question)
        ? "문서에서 이 질문에 대한 답을 찾지 못했습니다."
        : "The documents don't say: nothing in the index answers this question.";

    public AnswerResult Answer(string question, IReadOnlyList<SearchHit> hits, TermStatistics? statistics = null)
    {
        var citations = hits.Select(h => new Citation(h.Rank, h)).ToList();
        var terms = TextAnalyzer.QueryTerms(question).ToHashSet(StringComparer.Ordinal);
        if (terms.Count == 0 || hits.Count == 0)
        {
            return new AnswerResult(NotFoundMessage(question), AnswerResult.ExtractiveMode, false, citations);
        }

        var best = hits.Max(h => Coverage(terms, h.Section + " " + h.Text, statistics));
        if (best < MinPassageCoverage)
        {
            return new AnswerResult(NotFoundMessage(question), AnswerResult.ExtractiveMode, false, citations);
        }

        // Terms found in every retrieved passage ("nimbus", "notes") say little about which sentence answers;
        // weight each term by how few of the passages contain it.
        var passageTerms = hits.Select(h => TextAnalyzer.Terms(h.Section + " " + h.Text).ToHashSet(StringComparer.Ordinal)).ToList();
        var weights = terms.ToDictionary(t => t, t => Math.Log(1 + (double)hits.Count / Math.Max(1, passageTerms.Count(p => p.Contains(t)))), StringComparer.Ordinal);
        var totalWeight = weights.Values.Sum();

        var wantsQuantity = AsksForQuantity(question);
        var candidates = new List<(string Sentence, int N, double Score)>();
        foreach (var hit in hits)
        {
            var rankWeight = 1.0 / (1 + 0.15 * (hit.Rank - 1));
            var sectionTerms = TextAnalyzer.Terms(hit.Section).Where(terms.Contains).ToHashSet(StringComparer.Ordinal);
            var headings = hit.Section.Split(" > ").ToHashSet(StringComparer.Ordinal);
            var sentences = hit.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).SelectMany(SentenceSplitter.Split).ToList();
            for (var i = 0; i < sentences.Count; i++)
            {
                var sentence = sentences[i];
                if (headings.Contains(sentence) || !IsStatement(sentence)) continue;
                var own = TextAnalyzer.Terms(sentence).Where(terms.Contains).ToHashSet(StringComparer.Ordinal);
                if (own.Count == 0) continue;
                // The heading a sentence sits under counts for half: under "Refund policy", "Annual plans can be refunded within 30 days" answers a refund question.
                var score = (own.Sum(t => weights[t]) + 0.5 * sectionTerms.Except(own).Sum(t => weights[t])) / totalWeight;
                // "How long…", "며칠…" are answered by a sentence with a number in it, not by one that repeats the question's words.
                var answerType = !wantsQuantity ? 1.0 : sentence.Any(char.IsAsciiDigit) ? QuantityBoost : NoQuantityPenalty;
                candidates.Add((sentence, hit.Rank, score * rankWeight * answerType * (i == 0 ? 1.1 : 1.0)));
            }
        }

        var chosen = candidates
            .OrderByDescending(c => c.Score)
            .DistinctBy(c => c.Sentence)
            .Take(MaxSentences)
            .Where((c, i) => i == 0 || c.Score >= candidates.Max(x => x.Score) * 0.5)
            .ToList();

        var answer = new StringBuilder();
        foreach (var (sentence, n, _) in chosen)
        {
            if (answer.Length > 0) answer.Append(' ');
            answer.Append(Trim(WithoutCitationMarkers(sentence))).Append(" [").Append(n).Append(']');
        }

        return new AnswerResult(answer.ToString(), AnswerResult.ExtractiveMode, true, citations);
    }

    private const double QuantityBoost = 1.6;
    private const double NoQuantityPenalty = 0.6;

    private static readonly string[] QuantityCues =
    [
        "how long", "how many", "how much", "how often", "how far", "how big", "how large", "how old", "when ", "what time", "what year", "what date",
        "얼마", "며칠", "몇", "언제",
    ];

    /// <summary>Whether the question asks for a number, duration, amount or date.</summary>
    internal static bool AsksForQuantity(string question)
    {
        var q = " " + question.ToLowerInvariant() + " ";
        return QuantityCues.Any(cue => q.Contains(cue.StartsWith("when", StringComparison.Ordinal) ? " " + cue : cue, StringComparison.Ordinal));
    }

    // Headings, table-of-contents links and code fragments are not answers.
    private static bool IsStatement(string s) =>
        s.Length >= 20 && !s.StartsWith('[') && !s.StartsWith('#') && s.Count(char.IsLetter) >= s.Length / 3;

    /// <summary>Share of the question's terms (IDF-weighted when <paramref name="statistics"/> is given) that <paramref name="text"/> contains.</summary>
    internal static double Coverage(IReadOnlySet<string> terms, string text, TermStatistics? statistics)
    {
        var textTerms = TextAnalyzer.Terms(text).ToHashSet(StringComparer.Ordinal);
        var counted = terms.Where(t => !IsKoreanFunctionSyllable(t)).ToList();
        if (counted.Count == 0) counted = [.. terms];
        double Weight(string t) => statistics?.Idf(t) ?? 1.0;
        return counted.Where(t => textTerms.Contains(t) || SameKoreanStem(t, textTerms)).Sum(Weight) / counted.Sum(Weight);
    }

    // A lone syllable left in a Korean question is almost always a bound noun or particle ("수" in "받을 수 있나요"):
    // it carries no topic, and being rare as a term it would outweigh the words that do.
    private static bool IsKoreanFunctionSyllable(string term) => term.Length == 1 && TextAnalyzer.ContainsHangul(term);

    private const string KoreanEndingSyllables = "을를은는이가고게며면아어나니다지요서도";

    /// <summary>
    /// "받을" (to receive, in a question) and "받나" (from "받나요" in a heading) share the verb stem 받: for a two-syllable
    /// Hangul term whose second syllable is an ending, any passage term with the same first syllable and an ending counts.
    /// </summary>
    private static bool SameKoreanStem(string term, HashSet<string> textTerms) =>
        term.Length == 2 && TextAnalyzer.ContainsHangul(term) && KoreanEndingSyllables.Contains(term[1], StringComparison.Ordinal)
        && textTerms.Any(t => t.Length == 2 && t[0] == term[0] && KoreanEndingSyllables.Contains(t[1], StringComparison.Ordinal));

    private static string Trim(string sentence) =>
        sentence.Length <= MaxSentenceChars ? sentence : sentence[..MaxSentenceChars].TrimEnd() + "…";

    /// <summary>
    /// In an answer "[n]" means "our source n", and the CLI and JSON readers map it to <see cref="AnswerResult.Sources"/>.
    /// A quoted sentence keeps its words but loses its own bracketed numbers — footnote markers ("within 30 days[3].")
    /// or a forged "[7]" — so none of them reads as one of our citations. Inside a `code span` only an index that
    /// follows a name stays ("`items[1]`"); a bare "`[7]`" goes too.
    /// </summary>
    internal static string WithoutCitationMarkers(string sentence) =>
        BracketedNumberOrCode().Replace(sentence, m => m.Value[0] == '`' ? BareBracketedNumber().Replace(m.Value, string.Empty) : string.Empty);

    [GeneratedRegex(@"`[^`\n]*`|\s?\[\d+\]")]
    private static partial Regex BracketedNumberOrCode();

    [GeneratedRegex(@"(?<![\w\])])\[\d+\]")]
    private static partial Regex BareBracketedNumber();
}
