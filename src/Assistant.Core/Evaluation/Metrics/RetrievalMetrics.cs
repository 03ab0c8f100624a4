namespace Assistant.Core.Evaluation.Metrics;

/// <summary>
/// Retrieval metrics of one query against its expected documents, at document level: hits are reduced to their
/// distinct sources in rank order (several chunks of the right document count once), and a source is relevant when it
/// is one of the expected sources (binary relevance).
/// </summary>
public static class RetrievalMetrics
{
    /// <summary>Share of the expected sources among the first <paramref name="k"/> distinct retrieved sources.</summary>
    public static double RecallAtK(IReadOnlyList<string> retrievedSources, IReadOnlyList<string> expected, int k, Func<string, string, bool> matches)
    {
        if (expected.Count == 0) return 0;
        var top = Distinct(retrievedSources).Take(k).ToList();
        return (double)expected.Count(e => top.Any(r => matches(r, e))) / expected.Count;
    }

    /// <summary>1 / rank of the first relevant distinct source, 0 when none is among the first <paramref name="k"/>.</summary>
    public static double ReciprocalRank(IReadOnlyList<string> retrievedSources, IReadOnlyList<string> expected, int k, Func<string, string, bool> matches)
    {
        var top = Distinct(retrievedSources).Take(k).ToList();
        for (var i = 0; i < top.Count; i++)
        {
            if (expected.Any(e => matches(top[i], e))) return 1.0 / (i + 1);
        }

        return 0;
    }

    /// <summary>
    /// nDCG@k with binary gains: DCG = Σ rel_i / log2(i + 1) over ranks i = 1..k, divided by the DCG of the ideal order
    /// (all min(|expected|, k) relevant sources first).
    /// </summary>
    public static double NdcgAtK(IReadOnlyList<string> retrievedSources, IReadOnlyList<string> expected, int k, Func<string, string, bool> matches)
    {
        if (expected.Count == 0) return 0;
        var top = Distinct(retrievedSources).Take(k).ToList();
        var dcg = 0.0;
        var found = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < top.Count; i++)
        {
            // A retrieved source counts once even if two expected paths would match it.
            var hit = expected.FirstOrDefault(e => !found.Contains(e) && matches(top[i], e));
            if (hit is null) continue;
            found.Add(hit);
            dcg += 1 / Math.Log2(i + 2);
        }

        var ideal = Enumerable.Range(0, Math.Min(expected.Count, k)).Sum(i => 1 / Math.Log2(i + 2));
        return dcg / ideal;
    }

    /// <summary>
    /// An expected source such as <c>guides/a.md</c> matches a retrieved absolute path ending in it at a folder boundary
    /// (so <c>/x/docs-corpus/guides/a.md</c> matches, <c>/x/oldguides/a.md</c> does not).
    /// </summary>
    public static bool SourceMatches(string retrieved, string expected)
    {
        var r = retrieved.Replace('\\', '/');
        var e = expected.Replace('\\', '/').TrimStart('.', '/');
        return r.Equals(e, StringComparison.Ordinal) || r.EndsWith("/" + e, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Distinct(IEnumerable<string> sources) => sources.Distinct(StringComparer.Ordinal);
}
