using System.Text.Json;
using System.Text.Json.Nodes;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

/// <summary>
/// `assistant ask --model` through the real CLI against a fake Ollama on loopback that streams /api/chat NDJSON:
/// the retrieved passages must reach the model as numbered context, and the streamed answer, its citations and
/// usage must come back in the documented --json shape.
/// </summary>
public sealed class AskGenerativeCommandTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private LoopbackHttpServer _ollama = null!;

    public async Task InitializeAsync()
    {
        _ollama = new LoopbackHttpServer(ChatAsync);
        _dir.Write("docs/refund.md", "# Refunds\n\n## Policy\n\nRefunds are accepted within 30 days of purchase with a receipt.\n\n## Shipping\n\nShipping takes five business days.\n");
        Assert.Equal(0, (await Run("ingest", "docs")).ExitCode);
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

        string[] lines =
        [
            """{"model":"llama3.1","created_at":"2026-11-23T10:00:00Z","message":{"role":"assistant","content":"Refunds are accepted"},"done":false}""",
            """{"model":"llama3.1","created_at":"2026-11-23T10:00:00Z","message":{"role":"assistant","content":" within 30 days [1]."},"done":false}""",
            """{"model":"llama3.1","created_at":"2026-11-23T10:00:01Z","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"prompt_eval_count":412,"eval_count":9}""",
        ];
        await LoopbackHttpServer.WriteChunkedAsync(response, string.Join("\n", lines) + "\n", pieceSize: 7, contentType: "application/x-ndjson");
    }

    private Task<CliResult> Run(params string[] args) => RunWith([], args);

    private Task<CliResult> RunWith(Dictionary<string, string?> environment, params string[] args) => CliProcess.RunAsync(_dir.Path, new Dictionary<string, string?>(environment)
    {
        ["ASSISTANT_DATA"] = _dir.Combine("idx"),
        ["ASSISTANT_Models__Profiles__local__Provider"] = "ollama",
        ["ASSISTANT_Models__Profiles__local__Model"] = "llama3.1",
        ["ASSISTANT_Models__Profiles__local__Endpoint"] = _ollama.BaseAddress.ToString(),
        ["ASSISTANT_Models__Profiles__cloud__Provider"] = "openai",
        ["ASSISTANT_Models__Profiles__cloud__Model"] = "gpt-4o-mini",
        ["ASSISTANT_Models__Profiles__cloud__ApiKeyEnv"] = "ASSISTANT_TEST_KEY_THAT_IS_NEVER_SET",
    }, args);

    [Fact]
    public async Task Ask_prints_the_answer_as_it_streams_then_its_source_and_the_model_line()
    {
        var result = await Run("ask", "--model", "local", "How long do I have to ask for a refund?");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StdOut.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("Refunds are accepted within 30 days [1].", lines[0]);
        Assert.Equal(string.Empty, lines[1]);
        Assert.Equal("[1] docs/refund.md — Refunds > Policy", lines[2]);
        Assert.StartsWith("local (llama3.1), 412 in / 9 out tokens, first token ", lines[3]);
    }

    [Fact]
    public async Task An_unknown_model_is_a_usage_error_naming_the_profiles()
    {
        var result = await Run("ask", "--model", "nope", "refund?");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: --model nope: no such profile (known: ", result.StdErr);
        Assert.Contains("cloud", result.StdErr);
        Assert.Contains("local", result.StdErr);
    }

    [Fact]
    public async Task A_model_error_is_one_line_and_exit_one()
    {
        var result = await Run("ask", "--model", "cloud", "How long do I have to ask for a refund?");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("error: ", result.StdErr);
        Assert.Contains("ASSISTANT_TEST_KEY_THAT_IS_NEVER_SET", result.StdErr);
        Assert.Single(result.StdErr.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_broken_prompt_stops_start_up_with_one_line_naming_the_file()
    {
        _dir.Write("prompts-broken/Answer/Grounded/config.json", File.ReadAllText(Path.Combine(RepoPaths.Root, "prompts", "Answer", "Grounded", "config.json")));
        var template = _dir.Write("prompts-broken/Answer/Grounded/skprompt.txt", "<message role=\"user\">{{ $question $passages }}</message>");

        var result = await RunWith(new() { ["ASSISTANT_Prompts__Directory"] = _dir.Combine("prompts-broken") }, "ask", "--model", "local", "refund?");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith($"configuration error: {template}: ", result.StdErr);
        Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.Empty(result.StdOut);
        Assert.DoesNotContain(_ollama.Requests, r => r.Path == "/api/chat");
    }

    [Fact]
    public async Task Ask_with_a_model_grounds_the_prompt_in_the_passages_and_returns_the_streamed_answer_with_sources()
    {
        var result = await Run("ask", "--model", "local", "How long do I have to ask for a refund?", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;
        Assert.Equal("generative", root.GetProperty("mode").GetString());
        Assert.Equal("Refunds are accepted within 30 days [1].", root.GetProperty("answer").GetString());
        Assert.Equal("local", root.GetProperty("profile").GetString());
        Assert.Equal("llama3.1", root.GetProperty("model").GetString());
        Assert.Equal((412, 9), (root.GetProperty("usage").GetProperty("inputTokens").GetInt64(), root.GetProperty("usage").GetProperty("outputTokens").GetInt64()));
        var source = root.GetProperty("sources")[0];
        Assert.Equal((1, "docs/refund.md"), (source.GetProperty("n").GetInt32(), source.GetProperty("source").GetString()));
        var citation = Assert.Single(root.GetProperty("citations").EnumerateArray());
        Assert.Equal((1, true), (citation.GetProperty("n").GetInt32(), citation.GetProperty("supported").GetBoolean()));
        Assert.Empty(root.GetProperty("removedCitations").EnumerateArray());

        var chat = Assert.Single(_ollama.Requests, r => r.Path == "/api/chat");
        var body = JsonNode.Parse(chat.Body)!;
        Assert.Equal("llama3.1", body["model"]!.GetValue<string>());
        Assert.True(body["stream"]!.GetValue<bool>());
        var prompt = string.Join("\n", body["messages"]!.AsArray().Select(m => m!["content"]!.GetValue<string>()));
        Assert.Contains("How long do I have to ask for a refund?", prompt);
        Assert.Contains("[1]", prompt);
        Assert.Contains("Refunds are accepted within 30 days of purchase with a receipt.", prompt);
    }
}
