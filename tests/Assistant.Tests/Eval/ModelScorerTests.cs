using Assistant.Core.Evaluation;

namespace Assistant.Tests.Eval;

/// <summary>A model's figures from answers worked out by hand.</summary>
public sealed class ModelScorerTests
{
    private static readonly Dictionary<string, EvalQuestion> Questions = new()
    {
        ["a1"] = new("a1", "en", "q?") { KeyFacts = ["30 days"] },
        ["a2"] = new("a2", "en", "q?") { KeyFacts = ["Frankfurt"] },
        ["a3"] = new("a3", "ko", "질문?") { KeyFacts = ["7억 명"] },
        ["u1"] = new("u1", "en", "q?") { Answerable = false },
        ["u2"] = new("u2", "ko", "질문?") { Answerable = false },
    };

    private static readonly EvalAnswer[] Answers =
    [
        // right, 2 of 2 citations supported; 100 tokens, first text at 100 ms, done at 1100 ms
        new("a1", 1, "m") { Found = true, KeyFacts = 1, TokenF1 = 0.5, SupportedCitations = 2, CheckedCitations = 2, TtftMs = 100, TotalMs = 1100, OutputTokens = 100 },
        // wrong (key fact missing) but given: a false answer; 1 of 2 citations supported
        new("a2", 1, "m") { Found = true, KeyFacts = 0, TokenF1 = 0.25, SupportedCitations = 1, CheckedCitations = 2, TtftMs = 300, TotalMs = 2300, OutputTokens = 100 },
        // failed: counts 0 for accuracy, 1 error, no latency
        new("a3", 1, "m") { Error = "HTTP 500", TotalMs = 5 },
        // refused: right
        new("u1", 1, "m") { Found = false, TtftMs = 200, TotalMs = 200, OutputTokens = 20 },
        // answered an unanswerable question: a false answer
        new("u2", 1, "m") { Found = true, SupportedCitations = 0, CheckedCitations = 1, TtftMs = 400, TotalMs = 1400, OutputTokens = 50 },
    ];

    [Fact]
    public void A_slice_follows_the_documented_definitions()
    {
        var s = ModelScorer.Slice(Answers, Questions);

        Assert.Equal(5, s.Questions);
        Assert.Equal(1, s.Errors);
        Assert.Equal(0.3333, s.Accuracy.KeyFacts); // (1 + 0 + 0) / 3
        Assert.Equal(0.25, s.Accuracy.TokenF1); // (0.5 + 0.25 + 0) / 3
        Assert.Null(s.Accuracy.Judge);
        Assert.Equal(0.6, s.CitationPrecision); // (2 + 1 + 0) / (2 + 2 + 1)
        Assert.Equal(0.5, s.RefusalRate); // u1 refused, u2 answered
        Assert.Equal(0.6667, s.FalseAnswerRate); // given: a1 (right), a2 (wrong), u2 (unanswerable) → 2 / 3
        // TTFT 100 200 300 400 → p50 = 250, p95: h = 2.85 → 300 + 0.85 · 100 = 385
        Assert.Equal(new LatencyResults(250, 385, 1250, 2165), s.Latency); // totals 200 1100 1400 2300 → p50 1250, p95 1400 + 0.85 · 900
        // tokens 100 + 100 + 20 + 50 = 270 over (1.0 + 2.0 + 0.2 (arrived at once) + 1.0) s = 4.2 s → 64.3
        Assert.Equal(64.3, s.TokensPerSecond);
    }

    [Fact]
    public void Consistency_needs_repeats()
    {
        Assert.Null(ModelScorer.Consistency(Answers));
        EvalAnswer[] repeated =
        [
            new("a1", 1, "m") { Answer = "alpha beta", CitedSources = ["x"] },
            new("a1", 2, "m") { Answer = "alpha gamma", CitedSources = ["x", "y"] },
            new("a2", 1, "m") { Answer = "same", CitedSources = [] },
            new("a2", 2, "m") { Answer = "same", CitedSources = [] },
        ];
        Assert.Equal(0.75, ModelScorer.Consistency(repeated)); // (0.5 + 1) / 2
    }
}
