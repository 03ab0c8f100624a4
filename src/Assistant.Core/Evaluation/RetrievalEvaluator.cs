using Assistant.Core.Evaluation.Metrics;
using Assistant.Core.Retrieval;

namespace Assistant.Core.Evaluation;

/// <summary>
/// Model-independent retrieval quality: recall@k, MRR and nDCG@k of each answerable question's expected sources, in
/// every mode the index supports (keyword always; dense and hybrid when an embedding model is configured).
/// </summary>
public sealed class RetrievalEvaluator(KnowledgeRetriever retriever)
{
    public async Task<RetrievalResults?> EvaluateAsync(IReadOnlyList<EvalQuestion> questions, int k, IProgress<EvalProgress>? progress, CancellationToken cancellationToken)
    {
        var scored = questions.Where(q => q.Answerable && q.Sources.Count > 0).ToList();
        if (scored.Count == 0) return null;

        SearchMode[] modes = retriever.HasEmbeddings ? [SearchMode.Keyword, SearchMode.Dense, SearchMode.Hybrid] : [SearchMode.Keyword];
        var defaultMode = retriever.HasEmbeddings ? SearchMode.Hybrid : SearchMode.Keyword;
        var byMode = new Dictionary<string, RetrievalScores>(StringComparer.Ordinal);
        var perQuestion = new List<(EvalQuestion Question, double Recall, double Rr, double Ndcg)>();
        var done = 0;
        foreach (var mode in modes)
        {
            var rows = new List<(EvalQuestion Question, double Recall, double Rr, double Ndcg)>();
            foreach (var q in scored)
            {
                var hits = await retriever.SearchAsync(q.Question, k, mode, null, cancellationToken);
                var sources = hits.Select(h => h.Source).ToList();
                rows.Add((q,
                    RetrievalMetrics.RecallAtK(sources, q.Sources, k, RetrievalMetrics.SourceMatches),
                    RetrievalMetrics.ReciprocalRank(sources, q.Sources, k, RetrievalMetrics.SourceMatches),
                    RetrievalMetrics.NdcgAtK(sources, q.Sources, k, RetrievalMetrics.SourceMatches)));
                progress?.Report(new EvalProgress("retrieval", ++done, scored.Count * modes.Length));
            }

            byMode[Name(mode)] = Scores(rows);
            if (mode == defaultMode) perQuestion = rows;
        }

        var overall = byMode[Name(defaultMode)];
        return new RetrievalResults(overall.RecallAtK, overall.Mrr, overall.NdcgAtK)
        {
            K = k,
            Mode = Name(defaultMode),
            ByMode = byMode,
            ByLanguage = perQuestion.GroupBy(r => r.Question.Lang, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Scores(g.ToList()), StringComparer.Ordinal),
        };
    }

    private static RetrievalScores Scores(IReadOnlyList<(EvalQuestion Question, double Recall, double Rr, double Ndcg)> rows) =>
        new(rows.Count, Math.Round(rows.Average(r => r.Recall), 4), Math.Round(rows.Average(r => r.Rr), 4), Math.Round(rows.Average(r => r.Ndcg), 4));

    private static string Name(SearchMode mode) => mode.ToString().ToLowerInvariant();
}

/// <summary>How far a run is: <paramref name="Stage"/> is "retrieval", a profile name, or "profile ×N" for a load level.</summary>
public sealed record EvalProgress(string Stage, int Done, int Total);
