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
/// <para>
/// Measured (keyword retrieval, top 5; README "Extractive answers: measured"): before the rework, tuning 52/63 correct,
/// 5 refused, 6 wrong, 7/20 unanswerable answered; held-out 13/24, 9, 2, 11/12. After: tuning 49/63, 11, 3, 3/20;
/// held-out (measured once) 13/24, 9, 2, 6/12.
/// </para>
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

        // Floors a little under what was measured on the tuning sets (49/63 correct, 11 refused, 3 of 20 unanswerable
        // answered; before the rework 52, 5 and 7), so a regression fails here. The held-out figures are only printed.
        Assert.True(tuning.Correct >= 47, tuning.ToString());
        Assert.True(tuning.Refused <= 13, tuning.ToString());
        Assert.True(tuning.FalseAnswers <= 4, tuning.ToString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
