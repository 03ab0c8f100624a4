using System.Text.Json;
using Assistant.Core.Answering;
using Assistant.Core.Retrieval;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Evaluation;

/// <summary>What the extractive answerer did on one answerable set and one unanswerable set.</summary>
/// <param name="Correct">Answerable questions answered with the expected text quoted.</param>
/// <param name="Refused">Answerable questions answered "the documents don't say".</param>
/// <param name="Wrong">Answerable questions answered without the expected text.</param>
/// <param name="FalseAnswers">Unanswerable questions answered anyway.</param>
public sealed record ExtractiveEvalFigures(
    string Name,
    int Answerable,
    int Correct,
    int Refused,
    int Wrong,
    int Unanswerable,
    int FalseAnswers,
    IReadOnlyList<string> Details)
{
    public double FalseAnswerRate => Unanswerable == 0 ? 0 : (double)FalseAnswers / Unanswerable;

    public override string ToString() =>
        $"{Name}: correct {Correct}/{Answerable}, refused {Refused}, wrong {Wrong}; unanswerable answered {FalseAnswers}/{Unanswerable} (false-answer rate {FalseAnswerRate:0.00})";
}

/// <summary>Runs the extractive answerer over docs-corpus/eval sets (top 5 passages, as <c>ask</c> uses).</summary>
public static class ExtractiveEvalRun
{
    public static IReadOnlyList<EvalQuestion> LoadAnswerable(string file) => Load<EvalQuestion>(file);

    public static IReadOnlyList<UnanswerableQuestion> LoadUnanswerable(string file) => Load<UnanswerableQuestion>(file);

    private static List<T> Load<T>(string file) =>
        File.ReadLines(Path.Combine(RepoPaths.DocsCorpus, "eval", file))
            .Where(l => l.Trim().Length > 0)
            .Select(l => JsonSerializer.Deserialize<T>(l)!)
            .ToList();

    public static async Task<ExtractiveEvalFigures> MeasureAsync(
        string name,
        KnowledgeRetriever retriever,
        ExtractiveAnswerer answerer,
        IReadOnlyList<EvalQuestion> answerable,
        IReadOnlyList<UnanswerableQuestion> unanswerable)
    {
        int correct = 0, refused = 0, wrong = 0, falseAnswers = 0;
        var details = new List<string>();
        foreach (var q in answerable)
        {
            var answer = await answerer.AnswerAsync(q.Question, await retriever.SearchAsync(q.Question, 5), default);
            if (!answer.Found)
            {
                refused++;
                details.Add($"  refused {q.Id} ({q.Lang}): {q.Question}");
            }
            else if (EvalSet.CollapseWhitespace(answer.Answer).Contains(EvalSet.CollapseWhitespace(q.Answer), StringComparison.Ordinal))
            {
                correct++;
            }
            else
            {
                wrong++;
                details.Add($"  wrong {q.Id} ({q.Lang}): {q.Question} → {answer.Answer}");
            }
        }

        foreach (var q in unanswerable)
        {
            var answer = await answerer.AnswerAsync(q.Question, await retriever.SearchAsync(q.Question, 5), default);
            if (!answer.Found) continue;
            falseAnswers++;
            details.Add($"  false answer {q.Id} ({q.Lang}): {q.Question} → {answer.Answer}");
        }

        return new ExtractiveEvalFigures(name, answerable.Count, correct, refused, wrong, unanswerable.Count, falseAnswers, details);
    }
}
