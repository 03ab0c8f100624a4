using System.Text.Json;
using System.Text.RegularExpressions;
using Assistant.Core.Ingestion;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Eval;

/// <summary>`assistant eval` through a real process: the --json contract, the --out files and the gates' exit codes.</summary>
public sealed class EvalCommandTests(EvalCommandTests.Workspace workspace) : IClassFixture<EvalCommandTests.Workspace>
{
    /// <summary>A folder with an index of two documents, an eval set, and appsettings.json naming the fixture models.</summary>
    public sealed class Workspace : IAsyncLifetime
    {
        public TestKnowledgeBase Kb { get; } = new();

        public FakeModelServer Models { get; } = new();

        public async Task InitializeAsync()
        {
            Kb.Dir.Write("docs/refund.md", "# Refunds\n\n## Policy\n\nRefunds are accepted within 30 days of purchase with a receipt.\n");
            Kb.Dir.Write("docs/refund-ko.md", "# 환불\n\n## 정책\n\n구매 후 30일 이내에 영수증이 있으면 환불할 수 있습니다.\n");
            Kb.Dir.Write("set/qa.jsonl", """
                {"id":"q1","lang":"en","question":"When are refunds accepted?","answer":"within 30 days","source":"refund.md"}
                {"id":"q2","lang":"ko","question":"환불은 며칠 이내에 가능한가요?","answer":"30일 이내","source":"refund-ko.md"}
                {"id":"q3","lang":"en","question":"When are refunds accepted by fax?","answer":"never","source":"fax.md"}
                """);
            Kb.Dir.Write("set/unanswerable.jsonl", """{"id":"u1","lang":"en","question":"Does the refund policy cover the smartwatch app?"}""" + "\n");
            var profiles = FakeModelServer.Profiles(Models.BaseAddress);
            var settings = new Dictionary<string, object?> { ["Models"] = new Dictionary<string, object?> { ["Profiles"] = Nest(profiles) } };
            Kb.Dir.Write("appsettings.json", JsonSerializer.Serialize(settings));
            var report = await Kb.IngestAsync(Kb.Dir.Combine("docs"));
            Assert.Equal(2, report.Count(IngestOutcome.Added));
        }

        // "Models:Profiles:fast:Model" = x → { "fast": { "Model": x } }
        private static Dictionary<string, Dictionary<string, string?>> Nest(Dictionary<string, string?> flat) =>
            flat.Select(kv => kv.Key.Split(':')).GroupBy(k => k[2])
                .ToDictionary(g => g.Key, g => g.ToDictionary(k => k[3], k => flat[string.Join(':', k)]));

        public async Task DisposeAsync()
        {
            await Models.DisposeAsync();
            Kb.Dispose();
        }
    }

    private Task<CliResult> Run(params string[] args) => CliProcess.RunAsync(workspace.Kb.Dir.Path, ["eval", .. args]);

    [Fact]
    public async Task Json_prints_the_documented_results_object()
    {
        var result = await Run("--set", "set", "--models", "fast,extractive", "--json", "--no-cache");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;
        Assert.Equal(["set", "questions", "retrieval", "models"], root.EnumerateObject().Select(p => p.Name).Take(4));
        Assert.Equal(4, root.GetProperty("questions").GetInt32());
        Assert.Equal(["recallAtK", "mrr", "ndcgAtK"], root.GetProperty("retrieval").EnumerateObject().Select(p => p.Name).Take(3));
        var models = root.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(["fast", "extractive"], models.Select(m => m.GetProperty("profile").GetString()));
        string[] documented =
        [
            "profile", "model", "latency", "tokensPerSecond", "accuracy", "citationPrecision", "refusalRate", "falseAnswerRate",
            "consistency", "errors", "tokens", "cost", "byLanguage",
        ];
        Assert.Equal(documented, models[0].EnumerateObject().Select(p => p.Name).Take(documented.Length));
        Assert.Equal(["ttftP50Ms", "ttftP95Ms", "totalP50Ms", "totalP95Ms"], models[0].GetProperty("latency").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["keyFacts", "tokenF1", "judge"], models[0].GetProperty("accuracy").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["en", "ko"], models[0].GetProperty("byLanguage").EnumerateObject().Select(p => p.Name));
        Assert.Equal("fast-model", models[0].GetProperty("model").GetString());
        Assert.Equal(1, models[0].GetProperty("byLanguage").GetProperty("ko").GetProperty("accuracy").GetProperty("keyFacts").GetDouble());
        // Progress went to stderr; stdout is only the JSON.
        Assert.Contains("done", result.StdErr);
    }

    [Fact]
    public async Task Out_writes_the_four_files_and_the_report_loads_nothing_from_the_network()
    {
        var result = await Run("--set", "set", "--models", "fast", "--out", "report", "--no-cache");

        Assert.True(result.ExitCode == 0, result.ToString());
        var dir = workspace.Kb.Dir.Combine("report");
        foreach (var name in new[] { "report.html", "results.json", "results.csv", "summary.md" }) Assert.True(File.Exists(Path.Combine(dir, name)), name);
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("Chart.js v4.6.1", html);
        Assert.DoesNotMatch(new Regex(@"<(script|link|img|iframe)[^>]+(src|href)\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"@import|url\(\s*['""]?https?:", RegexOptions.IgnoreCase), html);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "results.json")));
        Assert.Equal("fast", json.RootElement.GetProperty("models")[0].GetProperty("profile").GetString());
        var csv = File.ReadAllLines(Path.Combine(dir, "results.csv"));
        Assert.Contains(csv, l => l.StartsWith("model,fast,fast-model,lang:ko,", StringComparison.Ordinal));
        Assert.Contains("| fast |", File.ReadAllText(Path.Combine(dir, "summary.md")));
        // The table went to stdout.
        Assert.Contains("key facts", result.StdOut);
    }

    [Fact]
    public async Task Min_recall_exits_1_when_retrieval_falls_short()
    {
        // q3's source does not exist: recall@5 = 2/3.
        var failing = await Run("--set", "set", "--retrieval-only", "--min-recall", "0.9");
        Assert.True(failing.ExitCode == 1, failing.ToString());
        Assert.Contains("gate failed: retrieval recall@5 (keyword) 0.667 < --min-recall 0.9", failing.StdErr);

        var passing = await Run("--set", "set", "--retrieval-only", "--min-recall", "0.6");
        Assert.True(passing.ExitCode == 0, passing.ToString());
    }

    [Fact]
    public async Task Min_accuracy_and_max_false_answer_rate_gate_every_model()
    {
        // slow is wrong in English: key facts 1/3 (q1 wrong, q2 right, q3 wrong); fast gets 2/3.
        var failing = await Run("--set", "set", "--models", "fast,slow", "--min-accuracy", "0.6", "--max-false-answer-rate", "0.5");
        Assert.True(failing.ExitCode == 1, failing.ToString());
        Assert.Contains("gate failed: slow: key-fact accuracy 0.333 < --min-accuracy 0.6", failing.StdErr);
        Assert.Contains("gate failed: slow: false-answer rate", failing.StdErr);
        Assert.DoesNotContain("gate failed: fast", failing.StdErr);

        var passing = await Run("--set", "set", "--models", "fast", "--min-accuracy", "0.6", "--max-false-answer-rate", "0.5");
        Assert.True(passing.ExitCode == 0, passing.ToString());
    }

    [Theory]
    [InlineData("--models", "nosuch")]
    [InlineData("--min-recall", "2")]
    [InlineData("--concurrency", "0")]
    [InlineData("--repeat", "0")]
    [InlineData("--judge", "extractive")]
    [InlineData("--set", "missing.jsonl")]
    public async Task Bad_options_are_usage_errors(string option, string value)
    {
        var result = await Run(option == "--set" ? [option, value] : ["--set", "set", option, value]);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error:", result.StdErr.Trim());
    }
}
