namespace Assistant.Core.Evaluation.Metrics;

/// <summary>
/// How alike the answers to the same question are across repeated runs: the mean over all pairs of runs of
/// (token F1 between the two answers + Jaccard similarity of the two sets of cited sources) / 2.
/// 1 means every run gave the same words citing the same documents.
/// </summary>
public static class Consistency
{
    /// <returns>Null with fewer than two runs.</returns>
    public static double? Of(IReadOnlyList<(string Answer, IReadOnlySet<string> CitedSources)> runs)
    {
        if (runs.Count < 2) return null;
        var sum = 0.0;
        var pairs = 0;
        for (var i = 0; i < runs.Count; i++)
        {
            for (var j = i + 1; j < runs.Count; j++)
            {
                sum += (AnswerText.TokenF1(runs[i].Answer, runs[j].Answer) + Jaccard(runs[i].CitedSources, runs[j].CitedSources)) / 2;
                pairs++;
            }
        }

        return sum / pairs;
    }

    /// <summary>|A ∩ B| / |A ∪ B|; two empty sets agree fully.</summary>
    public static double Jaccard(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        if (a.Count == 0 && b.Count == 0) return 1;
        var union = a.Union(b, StringComparer.Ordinal).Count();
        return (double)a.Count(b.Contains) / union;
    }
}
