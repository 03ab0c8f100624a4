using Assistant.Core.Evaluation;
using Assistant.Core.Ingestion;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Tests.Eval;

/// <summary>
/// The whole bake-off as the CLI composes it (real index, real AnswerService, real Ollama connector) against
/// <see cref="FakeModelServer"/>'s fixture models.
/// </summary>
public sealed class EvalRunnerTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private FakeModelServer _models = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _models = new FakeModelServer();
        _dir.Write("docs/refund.md", "# Refunds\n\n## Policy\n\nRefunds are accepted within 30 days of purchase with a receipt.\n");
        _dir.Write("docs/refund-ko.md", "# 환불\n\n## 정책\n\n구매 후 30일 이내에 영수증이 있으면 환불할 수 있습니다.\n");
        WriteSet("When are refunds accepted?");
        var settings = FakeModelServer.Profiles(_models.BaseAddress);
        settings["DataDirectory"] = _dir.Combine("data");
        settings["Prompts:Directory"] = Path.Combine(RepoPaths.Root, "prompts");
        _services = Assistant.Cli.CliHost.BuildServices(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        await _services.GetRequiredService<IngestionPipeline>().IngestAsync(new IngestRequest([_dir.Combine("docs")]), null, CancellationToken.None);
    }

    private string SetPath => _dir.Combine("set", "qa.jsonl");

    private void WriteSet(string englishQuestion) => _dir.Write("set/qa.jsonl", $$"""
        {"id":"q1","lang":"en","question":"{{englishQuestion}}","answer":"within 30 days","source":"refund.md","tags":["refunds"]}
        {"id":"q2","lang":"ko","question":"환불은 며칠 이내에 가능한가요?","answer":"30일 이내","source":"refund-ko.md","tags":["refunds"]}
        {"id":"u1","lang":"en","question":"Does the refund policy cover the smartwatch app?","answerable":false}
        """);

    private EvalRequest Request(params string[] profiles) => new(SetPath) { Profiles = profiles, CachePath = _dir.Combine("data", EvalAnswerCache.FileName) };

    private Task<EvalResults> RunAsync(EvalRequest request, IProgress<EvalProgress>? progress = null, CancellationToken ct = default) =>
        _services.GetRequiredService<EvalRunner>().RunAsync(request, progress, ct);

    [Fact]
    public async Task Models_that_differ_in_speed_answers_and_failures_get_told_apart()
    {
        var results = await RunAsync(Request("extractive", "fast", "slow", "broken") with { CachePath = null });

        Assert.Equal((3, 2, 1), (results.Questions, results.Answerable, results.Unanswerable));
        Assert.Equal(1, results.Retrieval!.RecallAtK);
        var m = results.Models.ToDictionary(x => x.Profile);

        var fast = m["fast"];
        Assert.Equal("fast-model", fast.Model);
        Assert.Equal((1.0, 1.0, 0.0, 0), (fast.Accuracy.KeyFacts, fast.RefusalRate, fast.FalseAnswerRate, fast.Errors));
        Assert.Equal(1, fast.CitationPrecision);
        // Two questions reached the model (the refused one too, when retrieval found passages): 200 in / 10 out each.
        var calls = _models.Calls("fast-model");
        Assert.Equal(new TokenResults(200 * calls, 10 * calls), fast.Tokens);
        Assert.Equal((200m * calls * 1 + 10m * calls * 2) / 1_000_000m, fast.Cost);
        Assert.Equal(FakeModelServer.FastModelBytes, fast.MemoryBytes);

        var slow = m["slow"];
        Assert.Equal((0.5, 0.0), (slow.Accuracy.KeyFacts, slow.RefusalRate));
        Assert.Equal(0.6667, slow.FalseAnswerRate); // wrong English answer + answered the unanswerable one, of 3 given
        Assert.True(slow.CitationPrecision < fast.CitationPrecision, $"{slow.CitationPrecision} vs {fast.CitationPrecision}");
        Assert.True(slow.Latency.TtftP50Ms >= FakeModelServer.SlowDelay.TotalMilliseconds, $"slow TTFT {slow.Latency.TtftP50Ms}");
        Assert.True(slow.Latency.TtftP50Ms > fast.Latency.TtftP50Ms);
        Assert.Null(slow.Cost); // no prices configured
        Assert.Null(slow.MemoryBytes); // not loaded on the server

        // Korean and English apart: slow is right in Korean only.
        Assert.Equal(1.0, slow.ByLanguage["ko"].Accuracy.KeyFacts);
        Assert.Equal(0.0, slow.ByLanguage["en"].Accuracy.KeyFacts);
        Assert.Equal(0.0, slow.ByLanguage["en"].RefusalRate);
        Assert.Null(slow.ByLanguage["ko"].RefusalRate); // no unanswerable Korean question
        Assert.Equal(0.5, slow.ByTag["refunds"].Accuracy.KeyFacts);

        var broken = m["broken"];
        Assert.Equal(broken.Answers, broken.Errors);
        Assert.Equal(0.0, broken.Accuracy.KeyFacts);
        Assert.Contains("500", broken.ErrorSamples[0]);

        var extractive = m["extractive"];
        Assert.Equal((0, 0m), (extractive.Errors, extractive.Cost));
        Assert.Equal(1.0, extractive.ByLanguage["en"].Accuracy.KeyFacts); // quotes the refund sentence
        Assert.Equal(0, extractive.Tokens.Input); // no model read a prompt
    }

    [Fact]
    public async Task A_model_that_never_answers_counts_as_a_timeout()
    {
        var results = await RunAsync(Request("stall") with { CachePath = null, SetPath = SetPath });
        var stall = Assert.Single(results.Models);
        Assert.True(stall.Timeouts >= 1, $"timeouts {stall.Timeouts}, errors: {string.Join("; ", stall.ErrorSamples)}");
        Assert.Equal(stall.Errors, stall.Timeouts);
    }

    [Fact]
    public async Task A_rerun_asks_nothing_and_a_changed_question_is_asked_again()
    {
        var first = await RunAsync(Request("fast"));
        var asked = _models.Calls("fast-model");
        Assert.Equal(0, first.Models[0].CachedAnswers);

        var second = await RunAsync(Request("fast"));
        Assert.Equal(asked, _models.Calls("fast-model"));
        Assert.Equal(second.Models[0].Answers, second.Models[0].CachedAnswers);
        Assert.Equal(first.Models[0].Accuracy, second.Models[0].Accuracy);

        WriteSet("Within how many days are refunds accepted?");
        var third = await RunAsync(Request("fast"));
        Assert.Equal(asked + 1, _models.Calls("fast-model"));
        Assert.Equal(third.Models[0].Answers - 1, third.Models[0].CachedAnswers);
    }

    [Fact]
    public async Task An_interrupted_run_continues_where_it_stopped()
    {
        using var stop = new CancellationTokenSource();
        var request = Request("fast") with { Repeat = 2 };
        var progress = new SyncProgress(p =>
        {
            if (p.Stage == "fast" && p.Done == 2) stop.Cancel();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(request, progress, stop.Token));
        var askedBefore = _models.Calls("fast-model");

        var resumed = await RunAsync(request);

        var m = resumed.Models[0];
        Assert.Equal(6, m.Answers); // 3 questions × 2 repeats
        Assert.Equal(2, m.CachedAnswers);
        Assert.Equal(2, askedBefore);
        Assert.Equal(6, _models.Calls("fast-model")); // the two answers kept were not asked again
        Assert.Equal(1.0, m.Accuracy.KeyFacts);
        Assert.Equal(1.0, m.Consistency);
    }

    [Fact]
    public async Task Load_levels_ask_the_whole_set_again_at_each_concurrency_without_the_cache()
    {
        var results = await RunAsync(Request("slow") with { Concurrency = [1, 3], MeasureLoad = true });

        var slow = results.Models[0];
        Assert.Equal([1, 3], slow.Load.Select(p => p.Concurrency));
        Assert.All(slow.Load, p => Assert.Equal((3, 0), (p.Answers, p.Errors)));
        Assert.All(slow.Load, p => Assert.True(p.Latency.TtftP50Ms >= FakeModelServer.SlowDelay.TotalMilliseconds, $"×{p.Concurrency}: {p.Latency}"));
        Assert.All(slow.Load, p => Assert.True(p.ThroughputTokensPerSecond > 0));
        // 3 scored answers, then 3 per level: the load levels never come from the cache.
        Assert.Equal(9, _models.Calls("slow-model"));
    }

    [Fact]
    public async Task A_judge_grades_each_answer_through_the_Eval_Judge_prompt_and_its_grades_are_cached()
    {
        var results = await RunAsync(Request("fast") with { Judge = "judge" });

        // fast: two right answers graded 4 → 0.75, the refusal graded 1 → 0: mean 0.5.
        Assert.Equal(0.5, results.Models[0].Accuracy.Judge);
        var judged = _models.Calls("judge-model");
        Assert.Equal(3, judged);
        await RunAsync(Request("fast") with { Judge = "judge" });
        Assert.Equal(judged, _models.Calls("judge-model"));
    }

    [Fact]
    public async Task An_unknown_profile_is_refused_before_any_question_is_asked()
    {
        var error = await Assert.ThrowsAsync<Assistant.Core.Answering.UnknownModelProfileException>(() => RunAsync(Request("fast", "nosuch")));
        Assert.Contains("extractive", error.Known);
        Assert.Equal(0, _models.Calls("fast-model"));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _models.DisposeAsync();
        _dir.Dispose();
    }

    private sealed class SyncProgress(Action<EvalProgress> report) : IProgress<EvalProgress>
    {
        public void Report(EvalProgress value) => report(value);
    }
}
