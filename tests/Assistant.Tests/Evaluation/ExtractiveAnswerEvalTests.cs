using Assistant.Core.Answering;
using Assistant.Core.Retrieval;
using Xunit.Abstractions;

namespace Assistant.Tests.Evaluation;

/// <summary>
/// The no-model answer on docs-corpus/eval/qa.jsonl: does the extractive answer (top 5 passages, up to three quoted
/// sentences) contain the expected answer text, and is it marked found? And on docs-corpus/eval/unanswerable.jsonl
/// (20 questions the corpus does not answer: 12 on its topics, 8 off-topic), does it say the documents don't say?
/// This is the answer a user without any model configured gets, so it is measured, not just retrieval.
/// <para>
/// Measured (keyword retrieval, top 5): with the gate counting every question term alike (coverage ≥ 0.5), 46/63
/// answers contained the expected text, 10 answerable questions were marked not found and 8 of 20 unanswerable ones
/// were answered. Weighting terms by IDF from the index and requiring 0.35 of the weight: 50/63, 6 and 7; then letting a
/// Korean verb match its stem ("받을" ~ "받나요") and not counting lone bound syllables ("수"): 51/63, 5 and 7. The
/// threshold was chosen on these two sets (0.30: 60 found / 8 wrongly answered; 0.35: 58/7; 0.40: 54/6; 0.50: 42/1),
/// so the figures are optimistic for other corpora; every threshold from 0.30 to 0.40 beats the old gate on both.
/// </para>
/// </summary>
public sealed class ExtractiveAnswerEvalTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("assistant-answer-eval-").FullName;

    [Fact]
    public async Task Extractive_answers_contain_the_expected_answer_for_most_questions()
    {
        var questions = EvalSet.Load();
        var (store, _) = await EvalSet.IndexCorpusAsync(_dir);
        var retriever = new KnowledgeRetriever(store);
        var answerer = new ExtractiveAnswerer(store);

        var misses = new List<string>();
        var notFound = 0;
        foreach (var q in questions)
        {
            var answer = await answerer.AnswerAsync(q.Question, await retriever.SearchAsync(q.Question, 5), default);
            if (!answer.Found) notFound++;
            if (!EvalSet.CollapseWhitespace(answer.Answer).Contains(EvalSet.CollapseWhitespace(q.Answer), StringComparison.Ordinal)) misses.Add($"{q.Id} ({q.Lang}): {q.Question} → {answer.Answer}");
        }

        var unanswerable = EvalSet.LoadUnanswerable();
        var wronglyAnswered = new List<string>();
        foreach (var q in unanswerable)
        {
            var answer = await answerer.AnswerAsync(q.Question, await retriever.SearchAsync(q.Question, 5), default);
            if (answer.Found) wronglyAnswered.Add($"{q.Id} ({q.Lang}): {q.Question} → {answer.Answer}");
        }

        output.WriteLine($"unanswerable questions answered anyway: {wronglyAnswered.Count}/{unanswerable.Count}");
        foreach (var wrong in wronglyAnswered) output.WriteLine("  wrong " + wrong);
        var rate = (double)(questions.Count - misses.Count) / questions.Count;
        output.WriteLine($"answer contains the expected text: {rate:0.000} ({questions.Count - misses.Count}/{questions.Count}); marked not found: {notFound}");
        foreach (var miss in misses) output.WriteLine("  miss " + miss);
        // Floors a little under what was measured (51/63 contain the answer, 5 answerable marked not found,
        // 7 of 20 unanswerable answered anyway), so a regression fails here.
        Assert.True(rate >= 0.75, $"{rate:0.000}\n{string.Join("\n", misses)}");
        Assert.True(notFound <= 8, $"{notFound} answerable questions were marked not found");
        Assert.True(wronglyAnswered.Count <= 8, $"{wronglyAnswered.Count} unanswerable questions were answered:\n{string.Join("\n", wronglyAnswered)}");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
