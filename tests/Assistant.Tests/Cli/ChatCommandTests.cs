using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

/// <summary>
/// `assistant chat` and `assistant sessions` through the real CLI with piped stdin: without a model (extractive) and
/// against a fake Ollama on loopback; a session resumed by a second process.
/// </summary>
public sealed class ChatCommandTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private LoopbackHttpServer _ollama = null!;

    public async Task InitializeAsync()
    {
        _ollama = new LoopbackHttpServer(ChatAsync);
        _dir.Write("docs/refund.md", "# Refunds\n\n## Policy\n\nRefunds are accepted within 30 days of purchase with a receipt.\n\n## Monthly plans\n\nMonthly plans can be cancelled any time; refunds for monthly plans are prorated.\n");
        Assert.Equal(0, (await CliProcess.RunAsync(_dir.Path, Environment(), "ingest", "docs")).ExitCode);
    }

    public async Task DisposeAsync()
    {
        await _ollama.DisposeAsync();
        _dir.Dispose();
    }

    private static async Task ChatAsync(RecordedRequest request, System.Net.HttpListenerResponse response)
    {
        if (request.Path != "/api/chat")
        {
            await LoopbackHttpServer.WriteJsonAsync(response, """{"error":"not found"}""", 404);
            return;
        }

        // The condense prompt gets a standalone question back, the answer prompt an answer citing [1].
        var condense = request.Body.Contains("Latest question:", StringComparison.Ordinal);
        string[] lines = condense
            ?
            [
                """{"model":"llama3.1","created_at":"2026-11-23T10:00:00Z","message":{"role":"assistant","content":"What is the refund policy for monthly plans?"},"done":false}""",
                """{"model":"llama3.1","created_at":"2026-11-23T10:00:01Z","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"prompt_eval_count":90,"eval_count":9}""",
            ]
            :
            [
                """{"model":"llama3.1","created_at":"2026-11-23T10:00:00Z","message":{"role":"assistant","content":"Refunds are accepted"},"done":false}""",
                """{"model":"llama3.1","created_at":"2026-11-23T10:00:00Z","message":{"role":"assistant","content":" within 30 days [1]."},"done":false}""",
                """{"model":"llama3.1","created_at":"2026-11-23T10:00:01Z","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"prompt_eval_count":412,"eval_count":9}""",
            ];
        await LoopbackHttpServer.WriteChunkedAsync(response, string.Join("\n", lines) + "\n", pieceSize: 7, contentType: "application/x-ndjson");
    }

    private Dictionary<string, string?> Environment() => new()
    {
        ["ASSISTANT_DATA"] = _dir.Combine("idx"),
        ["ASSISTANT_Models__Profiles__local__Provider"] = "ollama",
        ["ASSISTANT_Models__Profiles__local__Model"] = "llama3.1",
        ["ASSISTANT_Models__Profiles__local__Endpoint"] = _ollama.BaseAddress.ToString(),
    };

    /// <summary>Runs the CLI with <paramref name="input"/> piped to stdin.</summary>
    internal static async Task<CliResult> RunPipedAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, string input, params string[] args)
    {
        using var process = Process.Start(CliProcess.StartInfo(workingDirectory, args, environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"assistant {string.Join(' ', args)} did not finish within 90 s");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private Task<CliResult> Chat(string input, params string[] args) => RunPipedAsync(_dir.Path, Environment(), input, ["chat", .. args]);

    [Fact]
    public async Task Piped_questions_without_a_model_get_plain_extractive_answers_and_a_follow_up_stays_on_topic()
    {
        var result = await Chat("What is the refund policy?\n\nand for monthly plans?\n", "--session", "plain");

        Assert.True(result.ExitCode == 0, result.ToString());
        var stdout = result.StdOut.ReplaceLineEndings("\n");
        Assert.StartsWith("Refunds are accepted within 30 days of purchase with a receipt. [1]\n\n[1] docs/refund.md — Refunds > Policy\n", stdout);
        Assert.Contains("Monthly plans can be cancelled any time; refunds for monthly plans are prorated. [1]\n\n[1] docs/refund.md — Refunds > Monthly plans\n", stdout);
        // The no-model notice is a note, not part of the answer: once, on stderr.
        Assert.DoesNotContain("No chat model is configured", stdout);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(result.StdErr, "No chat model is configured"));
        Assert.Contains("session plain (new)", result.StdErr);
    }

    [Fact]
    public async Task Json_prints_one_object_per_turn_in_the_documented_shape_and_a_second_process_resumes_the_session()
    {
        var first = await Chat("What is the refund policy?\n", "--session", "work", "--json");
        var second = await Chat("and for monthly plans?\n", "--session", "work", "--json");

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first + "\n" + second);
        var one = JsonNode.Parse(Assert.Single(first.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)))!.AsObject();
        var two = JsonNode.Parse(Assert.Single(second.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)))!.AsObject();
        Assert.Equal(
            ["turn", "sessionId", "question", "standaloneQuestion", "answer", "mode", "found", "sources", "citations", "toolCalls", "model", "profile", "usage", "timeToFirstTokenMs", "totalMs"],
            one.Select(p => p.Key));
        Assert.Equal((1, 2), (one["turn"]!.GetValue<int>(), two["turn"]!.GetValue<int>()));
        Assert.Equal(one["sessionId"]!.GetValue<string>(), two["sessionId"]!.GetValue<string>());
        Assert.Equal("and for monthly plans? refund policy", two["standaloneQuestion"]!.GetValue<string>());
        Assert.Equal(("extractive", true), (two["mode"]!.GetValue<string>(), two["found"]!.GetValue<bool>()));
        var source = two["sources"]![0]!.AsObject();
        Assert.Equal(["n", "rank", "score", "documentId", "source", "section", "page", "text"], source.Select(p => p.Key));
        Assert.Equal("docs/refund.md", source["source"]!.GetValue<string>());
        Assert.Equal("""[{"n":1,"supported":true}]""", two["citations"]!.ToJsonString());
        Assert.Equal("[]", two["toolCalls"]!.ToJsonString());
        Assert.Null(two["model"]);
        Assert.True(two["totalMs"]!.GetValue<double>() >= 0);
        Assert.Contains("session work (resumed, 1 turn(s))", second.StdErr);

        var list = await CliProcess.RunAsync(_dir.Path, Environment(), "sessions", "list", "--json");
        var session = Assert.Single(JsonNode.Parse(list.StdOut)!.AsArray())!;
        Assert.Equal(("work", 2), (session["name"]!.GetValue<string>(), session["turns"]!.GetValue<int>()));

        var show = await CliProcess.RunAsync(_dir.Path, Environment(), "sessions", "show", "work", "--json");
        var turns = JsonNode.Parse(show.StdOut)!["turns"]!.AsArray();
        Assert.Equal(two.ToJsonString(), turns[1]!.ToJsonString());

        var text = await CliProcess.RunAsync(_dir.Path, Environment(), "sessions", "show", "work");
        Assert.Contains("[2] > and for monthly plans?\n    (searched: and for monthly plans? refund policy)", text.StdOut.ReplaceLineEndings("\n"));

        var delete = await CliProcess.RunAsync(_dir.Path, Environment(), "sessions", "delete", "work", "--json");
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.Equal(("work", 2), (JsonNode.Parse(delete.StdOut)!["name"]!.GetValue<string>(), JsonNode.Parse(delete.StdOut)!["turns"]!.GetValue<int>()));
        var missing = await CliProcess.RunAsync(_dir.Path, Environment(), "sessions", "show", "work");
        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith("error: no session named 'work' (there are none yet)", missing.StdErr);
    }

    [Fact]
    public async Task With_a_model_a_follow_up_is_condensed_and_answered_with_the_history_over_the_wire()
    {
        var result = await Chat("What is the refund policy?\nand for monthly plans?\n", "--model", "local", "--json", "--session", "m");

        Assert.True(result.ExitCode == 0, result.ToString());
        var turns = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(2, turns.Count);
        Assert.Equal(("What is the refund policy for monthly plans?", "generative", "local", "llama3.1"),
            (turns[1]["standaloneQuestion"]!.GetValue<string>(), turns[1]["mode"]!.GetValue<string>(), turns[1]["profile"]!.GetValue<string>(), turns[1]["model"]!.GetValue<string>()));
        Assert.Equal("Refunds are accepted within 30 days [1].", turns[1]["answer"]!.GetValue<string>());
        // The turn's usage: the condense call (90 in, 9 out) and the answer (412 in, 9 out).
        Assert.Equal(90 + 412, turns[1]["usage"]!["inputTokens"]!.GetValue<int>());
        Assert.Equal(18, turns[1]["usage"]!["outputTokens"]!.GetValue<int>());
        Assert.Equal(412, turns[0]["usage"]!["inputTokens"]!.GetValue<int>());
        Assert.True(turns[1]["timeToFirstTokenMs"]!.GetValue<double>() >= 0);

        var chats = _ollama.Requests.Where(r => r.Path == "/api/chat").Select(r => JsonNode.Parse(r.Body)!["messages"]!.AsArray()).ToList();
        Assert.Equal(3, chats.Count);
        var last = chats[2][1]!["content"]!.GetValue<string>().ReplaceLineEndings("\n");
        Assert.StartsWith("Earlier turns:\n<history-", last);
        Assert.Contains("User: What is the refund policy?\nAssistant: Refunds are accepted within 30 days.\n</history-", last);
        Assert.EndsWith("Question: What is the refund policy for monthly plans?", last);
    }

    [Fact]
    public async Task An_unusable_default_profile_is_reported_once_per_session_not_on_every_turn()
    {
        var environment = Environment();
        environment["ASSISTANT_Models__DefaultChat"] = "cloud";
        environment["ASSISTANT_Models__Profiles__cloud__Provider"] = "openai";
        environment["ASSISTANT_Models__Profiles__cloud__Model"] = "gpt-4o-mini";
        environment["ASSISTANT_Models__Profiles__cloud__ApiKeyEnv"] = "ASSISTANT_TEST_KEY_THAT_IS_NEVER_SET";

        var result = await RunPipedAsync(_dir.Path, environment, "What is the refund policy?\nand for monthly plans?\nWhat about receipts?\n", "chat", "--session", "warned");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(result.StdOut, @"\[1\] docs/refund\.md").Count);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(result.StdErr, "Default chat profile 'cloud' is not usable"));
    }

    [Fact]
    public async Task Console_commands_work_piped_and_an_unknown_model_is_a_usage_error()
    {
        var result = await Chat("What is the refund policy?\n/sources\n/kb other\nWhat is the refund policy?\n/nope\n/exit\nnever asked\n", "--session", "cmds");

        Assert.True(result.ExitCode == 0, result.ToString());
        var stdout = result.StdOut.ReplaceLineEndings("\n");
        Assert.Contains("[1] docs/refund.md — Refunds > Policy\nRefunds\nPolicy\nRefunds are accepted within 30 days of purchase with a receipt.\n", stdout);
        Assert.Contains("Searching knowledge base 'other'.", result.StdErr);
        Assert.Contains("The documents don't say", stdout);
        Assert.Contains("error: unknown command /nope; /help lists them", result.StdErr);
        Assert.DoesNotContain("never asked", stdout + result.StdErr);

        var unknown = await Chat("hello\n", "--model", "nope");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("error: --model nope: no such profile", unknown.StdErr);
    }
}
