using Assistant.Core.Answering;
using Assistant.Core.Retrieval;
using Xunit.Abstractions;

namespace Assistant.Tests.Evaluation;

/// <summary>
/// The no-model answer, measured: on the tuning sets (docs-corpus/eval/qa.jsonl, 63 answerable; unanswerable.jsonl,
/// 20) and on the held-out sets written before the answerer was reworked (qa-heldout.jsonl, 24 paraphrased;
/// unanswerable-heldout.jsonl, 12 on-topic). An answer is correct when it is marked found and quotes the expected
/// text; refused when it says the documents don't say; wrong otherwise. This is what a user without any model gets.
/// Floors are asserted on the tuning sets only; the held-out figures are printed, never tuned on.
/// </summary>
public sealed class ExtractiveAnswerEvalTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("assistant-answer-eval-").FullName;

    [Fact]
    public async Task Extractive_answers_quote_the_answer_and_refuse_what_the_documents_do_not_say()
    {
        var (store, _) = await EvalSet.IndexCorpusAsync(_dir);
        var retriever = new KnowledgeRetriever(store);
        var answerer = new ExtractiveAnswerer(store);

        var tuning = await ExtractiveEvalRun.MeasureAsync(
            "tuning", retriever, answerer, EvalSet.Load(), EvalSet.LoadUnanswerable());
        var heldOut = await ExtractiveEvalRun.MeasureAsync(
            "held-out", retriever, answerer, ExtractiveEvalRun.LoadAnswerable("qa-heldout.jsonl"), ExtractiveEvalRun.LoadUnanswerable("unanswerable-heldout.jsonl"));

        foreach (var figures in (ExtractiveEvalFigures[])[tuning, heldOut])
        {
            output.WriteLine(figures.ToString());
            foreach (var line in figures.Details) output.WriteLine(line);
        }

        Assert.True(tuning.Correct >= 50, tuning.ToString());
        Assert.True(tuning.FalseAnswers <= 8, tuning.ToString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
