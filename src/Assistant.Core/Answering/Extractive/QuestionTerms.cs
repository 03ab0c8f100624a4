using System.Text.RegularExpressions;
using Assistant.Core.Retrieval;
using Assistant.Core.Text;

namespace Assistant.Core.Answering.Extractive;

/// <summary>
/// The question's terms, each weighted by how specific it is, and how to tell which of them a piece of text contains:
/// the term itself, the same Korean verb stem ("받을" ~ "받나"), or a synonym (<see cref="SupportSynonyms"/>).
/// </summary>
public sealed partial class QuestionTerms
{
    private readonly SupportSynonyms _synonyms;
    private readonly IReadOnlyDictionary<string, HashSet<int>> _groupsByTerm;

    private QuestionTerms(IReadOnlyDictionary<string, double> weights, IReadOnlyDictionary<string, HashSet<int>> groupsByTerm, SupportSynonyms synonyms)
    {
        Weights = weights;
        TotalWeight = weights.Values.Sum();
        MaxWeight = weights.Count == 0 ? 0 : weights.Values.Max();
        _groupsByTerm = groupsByTerm;
        _synonyms = synonyms;
    }

    /// <summary>Counted terms and their weights: IDF from the index when the store can tell, else from the retrieved passages.</summary>
    public IReadOnlyDictionary<string, double> Weights { get; }

    public double TotalWeight { get; }

    public double MaxWeight { get; }

    public int Count => Weights.Count;

    public static QuestionTerms Create(string question, IReadOnlyList<SearchHit> hits, TermStatistics? statistics, SupportSynonyms synonyms)
    {
        var all = TextAnalyzer.QueryTerms(QuestionWords().Replace(question, " "));
        // A lone syllable left in a Korean question is almost always a bound noun or particle ("수" in "받을 수 있나요"):
        // it carries no topic, and being rare as a term it would outweigh the words that do.
        var counted = all.Where(t => !IsKoreanFunctionSyllable(t)).ToList();
        if (counted.Count == 0) counted = [.. all];

        Func<string, double> weight;
        if (statistics is not null)
        {
            weight = statistics.Idf;
        }
        else
        {
            // Without index statistics, terms found in every retrieved passage ("nimbus", "notes") say little.
            var passageTerms = hits.Select(h => TextAnalyzer.Terms(h.Section + " " + h.Text).ToHashSet(StringComparer.Ordinal)).ToList();
            weight = t => Math.Log(1 + (double)Math.Max(1, hits.Count) / Math.Max(1, passageTerms.Count(p => p.Contains(t))));
        }

        var weights = counted.Distinct(StringComparer.Ordinal).ToDictionary(t => t, weight, StringComparer.Ordinal);
        return new QuestionTerms(weights, synonyms.GroupsByTerm(question, counted), synonyms);
    }

    /// <summary>Analyses a piece of text once, to be matched against several times.</summary>
    public TextView View(string text)
    {
        var terms = TextAnalyzer.Terms(text).ToList();
        return new TextView(terms.ToHashSet(StringComparer.Ordinal), _groupsByTerm.Count == 0 ? new HashSet<int>() : _synonyms.GroupsIn(text, terms));
    }

    /// <summary>The question terms <paramref name="view"/> contains, directly, by stem or by synonym.</summary>
    public HashSet<string> Matched(TextView view)
    {
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in Weights.Keys)
        {
            if (view.Terms.Contains(term) || SameKoreanStem(term, view.Terms)
                || (_groupsByTerm.TryGetValue(term, out var groups) && groups.Overlaps(view.Groups)))
            {
                matched.Add(term);
            }
        }

        return matched;
    }

    public double WeightOf(IEnumerable<string> terms) => terms.Sum(t => Weights.GetValueOrDefault(t));

    /// <summary>Share of the question's weight that <paramref name="view"/> contains.</summary>
    public double Coverage(TextView view) => TotalWeight <= 0 ? 0 : WeightOf(Matched(view)) / TotalWeight;

    // "long" in "how long", "time" in "what time" ask for the answer's form (AnswerKind), they are not its topic.
    [GeneratedRegex(@"\b(?:how\s+(?:long|many|much|often|far|big|large|old|soon)|what\s+(?:time|year|date|kind|sort|type))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuestionWords();

    private static bool IsKoreanFunctionSyllable(string term) => term.Length == 1 && TextAnalyzer.ContainsHangul(term);

    private const string KoreanEndingSyllables = "을를은는이가고게며면아어나니다지요서도";

    /// <summary>
    /// "받을" (to receive, in a question) and "받나" (from "받나요" in a heading) share the verb stem 받: for a two-syllable
    /// Hangul term whose second syllable is an ending, any passage term with the same first syllable and an ending counts.
    /// </summary>
    internal static bool SameKoreanStem(string term, IReadOnlySet<string> textTerms) =>
        term.Length == 2 && TextAnalyzer.ContainsHangul(term) && KoreanEndingSyllables.Contains(term[1], StringComparison.Ordinal)
        && textTerms.Any(t => t.Length == 2 && t[0] == term[0] && KoreanEndingSyllables.Contains(t[1], StringComparison.Ordinal));
}

/// <summary>A piece of text as analysed terms and the synonym groups it contains.</summary>
public sealed record TextView(IReadOnlySet<string> Terms, IReadOnlySet<int> Groups);
