using System.Globalization;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage;
using Assistant.Core.Text;

namespace Assistant.Core.Answering;

/// <summary>Whether the passage cited as [<see cref="N"/>] supports what the answer says beside it, and if not, why.</summary>
public sealed record CitationCheck(int N, bool Supported, string? Reason = null);

/// <summary>The answer with citations to passages that were not given removed, the check of each remaining citation, and the removed numbers.</summary>
public sealed record CitationReport(string Answer, IReadOnlyList<CitationCheck> Checks, IReadOnlyList<int> Removed);

/// <summary>
/// Checks an answer's citations before it is final. A citation [n] to a passage that was not given is removed from the
/// text and reported. Every other citation is supported when each text it vouches for (<see cref="CitationClaims"/>)
/// states no number its passage lacks ("3~7일", "30 days", "5–10"), no word found in no indexed document, and enough of its key terms are in the passage
/// (heading included): <see cref="MinTermSupport"/> of their weight, terms weighted by how rare they are in the index
/// when the store can tell, as the extractive "documents don't say" gate does. Several passages cited together
/// ("… [1][2]") are judged together: the claim against all of them, and each must share at least one key term with it.
/// When a judge model is configured (Answering:CitationJudge), it is asked about each citation the rule finds unsupported.
/// This catches changed numbers, swapped terms and a wrong passage; it cannot see a claim in other words or another
/// language (a judge model would), so a paraphrased answer can be flagged although it is right.
/// </summary>
public sealed class CitationChecker(IKnowledgeStore? store = null, ICitationJudge? judge = null)
{
    /// <summary>Share of a claim's key-term weight its passage must contain. Chosen on docs-corpus/eval/citations.jsonl only (README).</summary>
    public const double MinTermSupport = 0.5;

    public async Task<CitationReport> CheckAsync(string answer, IReadOnlyList<Citation> sources, CancellationToken cancellationToken)
    {
        TermStatistics? statistics = null;
        if (store is ITermStatisticsSource source && sources.Count > 0 && CitationClaims.Marker().IsMatch(answer))
        {
            var terms = CitationClaims.Read(answer).SelectMany(c => KeyTerms(c.Text)).Distinct(StringComparer.Ordinal).ToList();
            if (terms.Count > 0) statistics = await source.GetTermStatisticsAsync(terms, cancellationToken);
        }

        var (report, failed) = Evaluate(answer, sources, statistics);
        return judge is null || failed.Count == 0 ? report : await WithJudgeAsync(report, failed, sources, cancellationToken);
    }

    /// <summary>
    /// The judge's word overrules the rule's "unsupported": a citation becomes supported when every claim it failed on
    /// is judged supported. A judge that fails or answers something else leaves the rule's verdict.
    /// </summary>
    private async Task<CitationReport> WithJudgeAsync(CitationReport report, List<(CitedClaim Claim, int N)> failed, IReadOnlyList<Citation> sources, CancellationToken cancellationToken)
    {
        var passages = sources.ToDictionary(s => s.N, s => s.Hit);
        var stillUnsupported = new HashSet<int>();
        foreach (var (claim, n) in failed)
        {
            if (stillUnsupported.Contains(n)) continue;
            bool? verdict;
            try
            {
                verdict = await judge!.SupportsAsync(claim.Text, [.. claim.Citations.Select(c => passages[c])], cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                verdict = null;
            }

            if (verdict != true) stillUnsupported.Add(n);
        }

        var checks = report.Checks.Select(c => c.Supported || stillUnsupported.Contains(c.N) ? c : new CitationCheck(c.N, true)).ToList();
        return report with { Checks = checks };
    }

    /// <summary>Checks <paramref name="answer"/> against <paramref name="sources"/> (the passages it was given, by <see cref="Citation.N"/>).</summary>
    public CitationReport Check(string answer, IReadOnlyList<Citation> sources, TermStatistics? statistics = null) =>
        Evaluate(answer, sources, statistics).Report;

    /// <returns>The rule's report, and each claim a citation failed on.</returns>
    private static (CitationReport Report, List<(CitedClaim Claim, int N)> Failed) Evaluate(string answer, IReadOnlyList<Citation> sources, TermStatistics? statistics)
    {
        var passages = sources.ToDictionary(s => s.N, s => s.Hit);
        var removed = new List<int>();
        var cleaned = CitationClaims.Marker().Replace(answer, m =>
        {
            var n = int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            if (passages.ContainsKey(n)) return m.Value;
            if (!removed.Contains(n)) removed.Add(n);
            return string.Empty;
        });
        if (removed.Count > 0) cleaned = TidyAfterRemoval(cleaned);

        var verdicts = new Dictionary<int, CitationCheck>();
        var failed = new List<(CitedClaim Claim, int N)>();
        foreach (var claim in CitationClaims.Read(cleaned))
        {
            var hits = claim.Citations.Select(n => passages[n]).ToList();
            var failure = Unsupported(claim.Text, hits, statistics);
            foreach (var n in claim.Citations)
            {
                var own = failure ?? (claim.Citations.Count > 1 && !SharesAKeyTerm(claim.Text, passages[n]) ? "shares no key term with the sentence" : null);
                if (own is not null) failed.Add((claim, n));
                // A citation used several times is supported only if every use is; the first failure is its reason.
                if (verdicts.TryGetValue(n, out var earlier) && !earlier.Supported) continue;
                verdicts[n] = new CitationCheck(n, own is null, own);
            }
        }

        return (new CitationReport(cleaned, verdicts.Values.OrderBy(v => v.N).ToList(), removed), failed);
    }

    /// <returns>Null when <paramref name="hits"/> support <paramref name="claim"/>, else the reason they do not.</returns>
    private static string? Unsupported(string claim, IReadOnlyList<SearchHit> hits, TermStatistics? statistics)
    {
        var text = string.Join("\n", hits.Select(h => h.Section + "\n" + h.Text));
        var passageNumbers = CitationClaims.Numbers(text);
        var missing = CitationClaims.Numbers(claim).Where(n => !passageNumbers.Contains(n)).ToList();
        if (missing.Count > 0) return $"{string.Join(", ", missing)} not in the passage";

        var terms = KeyTerms(claim).ToHashSet(StringComparer.Ordinal);
        if (terms.Count == 0) return null;

        // A word no indexed document contains ("Dublin" where the passage says Frankfurt) did not come from the documents.
        // Words only: a Hangul bigram absent from the index is usually a verb ending the answer phrased its own way.
        if (statistics is not null)
        {
            var passageTerms = TextAnalyzer.Terms(text).ToHashSet(StringComparer.Ordinal);
            var foreign = terms.Where(t => !TextAnalyzer.ContainsHangul(t) && !passageTerms.Contains(t) && statistics.ChunksWithTerm.GetValueOrDefault(t) == 0).ToList();
            if (foreign.Count > 0) return $"'{string.Join("', '", foreign)}' is in no indexed document";
        }

        var coverage = ExtractiveAnswerer.Coverage(terms, text, statistics);
        return coverage >= MinTermSupport ? null : $"only {coverage:P0} of its key terms are in the passage";
    }

    private static bool SharesAKeyTerm(string claim, SearchHit hit)
    {
        var terms = KeyTerms(claim).ToHashSet(StringComparer.Ordinal);
        return terms.Count == 0 || ExtractiveAnswerer.Coverage(terms, hit.Section + "\n" + hit.Text, null) > 0;
    }

    // Numbers are checked on their own, as values; as terms they would count twice.
    private static IEnumerable<string> KeyTerms(string claim) =>
        TextAnalyzer.QueryTerms(CitationClaims.Marker().Replace(claim, " ")).Where(t => !t.All(char.IsAsciiDigit));

    // "within 30 days [7]." lost its marker: no space before the period.
    private static string TidyAfterRemoval(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"[ \t]+(?=[.,!?;:]|$)", string.Empty, System.Text.RegularExpressions.RegexOptions.Multiline);
}
