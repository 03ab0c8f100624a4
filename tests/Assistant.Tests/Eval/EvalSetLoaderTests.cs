using Assistant.Core.Evaluation;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Eval;

public sealed class EvalSetLoaderTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public void Both_jsonl_shapes_load_into_one_question_type()
    {
        _dir.Write("set/qa.jsonl", """
            {"id":"q1","lang":"en","question":"Where is data stored?","answer":"Frankfurt","source":"support/faq.md","paraphrased":true,"tags":["privacy"]}

            {"id":"q2","question":"보관 기간은?","answer":["30일","삭제"],"source":["a.md","b.md"]}
            {"id":"q3","lang":"en","question":"Is there a watch app?","answerable":false,"answer":"no"}
            """);
        _dir.Write("set/unanswerable.jsonl", """{"id":"u1","lang":"ko","question":"오늘 날씨는?"}""" + "\n");
        _dir.Write("set/sentiment.jsonl", """{"id":"s1","text":"great","label":"positive"}""" + "\n");
        _dir.Write("set/citations.jsonl", """{"id":"c1","question":"q1","answer":"x [A]."}""" + "\n");

        var questions = EvalSetLoader.Load(_dir.Combine("set"));

        Assert.Equal(["q1", "q2", "q3", "u1"], questions.Select(q => q.Id));
        var q1 = questions[0];
        Assert.Equal(("en", true, true), (q1.Lang, q1.Answerable, q1.Paraphrased));
        Assert.Equal(["Frankfurt"], q1.KeyFacts);
        Assert.Equal(["support/faq.md"], q1.Sources);
        Assert.Equal(["privacy"], q1.Tags);
        Assert.Equal("ko", questions[1].Lang); // guessed from Hangul
        Assert.Equal(["30일", "삭제"], questions[1].KeyFacts);
        Assert.Equal(["a.md", "b.md"], questions[1].Sources);
        Assert.False(questions[2].Answerable);
        Assert.Empty(questions[2].KeyFacts);
        Assert.False(questions[3].Answerable);
    }

    [Fact]
    public void A_bad_line_is_named_by_file_and_line()
    {
        var file = _dir.Write("bad.jsonl", "{\"id\":\"q1\",\"question\":\"ok?\",\"answer\":\"x\"}\n{\"id\":\"q2\"}\n");
        var error = Assert.Throws<InvalidDataException>(() => EvalSetLoader.Load(file));
        Assert.Contains("bad.jsonl:2", error.Message);
        Assert.Contains("question", error.Message);
        Assert.Contains("worse.jsonl:1", Assert.Throws<InvalidDataException>(() => EvalSetLoader.Load(_dir.Write("worse.jsonl", "not json\n"))).Message);
    }

    [Fact]
    public void Ids_repeated_in_another_file_are_told_apart_by_the_file_name()
    {
        _dir.Write("s/qa.jsonl", """{"id":"q1","question":"a?","answer":"x"}""" + "\n");
        _dir.Write("s/qa-heldout.jsonl", """{"id":"q1","question":"b?","answer":"y"}""" + "\n");
        Assert.Equal(["q1", "qa/q1"], EvalSetLoader.Load(_dir.Combine("s")).Select(q => q.Id).Order());
    }

    [Fact]
    public void The_default_set_folder_holds_only_the_question_files()
    {
        var files = EvalSetLoader.QuestionFiles(Path.Combine(RepoPaths.DocsCorpus, "eval")).Select(Path.GetFileName).ToList();
        Assert.Contains("qa.jsonl", files);
        Assert.Contains("unanswerable.jsonl", files);
        Assert.DoesNotContain(files, f => f!.StartsWith("sentiment", StringComparison.Ordinal) || f.StartsWith("citations", StringComparison.Ordinal));
    }

    public void Dispose() => _dir.Dispose();
}
