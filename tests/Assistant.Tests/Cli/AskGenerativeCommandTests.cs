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

    private Task<CliResult> Run(params string[] args) => CliProcess.RunAsync(_dir.Path, new Dictionary<string, string?>
    {
        ["ASSISTANT_DATA"] = _dir.Combine("idx"),
        ["ASSISTANT_Models__Profiles__local__Provider"] = "ollama",
        ["ASSISTANT_Models__Profiles__local__Model"] = "llama3.1",
        ["ASSISTANT_Models__Profiles__local__Endpoint"] = _ollama.BaseAddress.ToString(),
    }, args);

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
