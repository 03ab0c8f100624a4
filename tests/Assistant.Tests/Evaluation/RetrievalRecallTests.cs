using Assistant.Core.Ingestion;
using Assistant.Core.Retrieval;
using Xunit.Abstractions;

namespace Assistant.Tests.Evaluation;

/// <summary>
/// Retrieval quality on the sample corpus: for each question in docs-corpus/eval/qa.jsonl, is a passage from the
/// expected source that contains the expected answer among the top 5 hits?
/// </summary>
public sealed class RetrievalRecallTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("assistant-eval-").FullName;

    [Fact]
    public async Task Keyword_recall_at_5_on_the_eval_set_is_at_least_0_9()
    {
        var questions = EvalSet.Load();
        Assert.True(questions.Count >= 40, $"the eval set needs at least 40 questions, has {questions.Count}");
        var (store, report) = await EvalSet.IndexCorpusAsync(_dir);
        Assert.Equal(0, report.Count(IngestOutcome.Failed));
        var retriever = new KnowledgeRetriever(store);

        var misses = new List<string>();
        var byGroup = new Dictionary<string, (int Hit, int Total)>();
        foreach (var q in questions)
        {
            var hits = await retriever.SearchAsync(q.Question, 5);
            var found = hits.Any(h => EvalSet.Answers(h, q));
            if (!found) misses.Add($"{q.Id} ({q.Lang}{(q.Paraphrased ? ", paraphrased" : string.Empty)}): {q.Question}");
            foreach (var group in new[] { q.Lang, q.Paraphrased ? "paraphrased" : "literal" })
            {
                var (h, t) = byGroup.GetValueOrDefault(group);
                byGroup[group] = (h + (found ? 1 : 0), t + 1);
            }
        }

        var recall = (double)(questions.Count - misses.Count) / questions.Count;
        output.WriteLine($"recall@5 = {recall:0.000} ({questions.Count - misses.Count}/{questions.Count})");
        foreach (var (group, (h, t)) in byGroup.OrderBy(g => g.Key)) output.WriteLine($"  {group}: {(double)h / t:0.000} ({h}/{t})");
        foreach (var miss in misses) output.WriteLine("  miss " + miss);
        Assert.True(recall >= 0.9, $"recall@5 {recall:0.000} < 0.9; misses:\n{string.Join("\n", misses)}");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
