using System.Text.Json.Nodes;

namespace Assistant.Tests.TestSupport;

/// <summary>
/// An Ollama server on loopback that lists no models (so nothing is picked without a profile) and answers
/// /api/chat from a queue of replies, or from a callback given the request's messages. Records every request.
/// </summary>
public sealed class FakeOllamaChat : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;

    public FakeOllamaChat(Func<JsonArray, string>? reply = null)
    {
        Reply = reply;
        _server = new LoopbackHttpServer(HandleAsync);
    }

    public Queue<string> Replies { get; } = new();

    /// <summary>Whether /api/tags lists llama3.1 (so a default profile "local" probes as usable).</summary>
    public bool ListsModel { get; init; }

    public Func<JsonArray, string>? Reply { get; set; }

    public Uri BaseAddress => _server.BaseAddress;

    public IReadOnlyList<JsonArray> ChatMessages =>
        [.. _server.Requests.Where(r => r.Path == "/api/chat").Select(r => JsonNode.Parse(r.Body)!["messages"]!.AsArray())];

    /// <summary>Environment for the CLI: a profile "local" on this server, no retries.</summary>
    public Dictionary<string, string?> Environment(string dataDir) => new()
    {
        ["ASSISTANT_DATA"] = dataDir,
        ["ASSISTANT_Models__Profiles__local__Provider"] = "ollama",
        ["ASSISTANT_Models__Profiles__local__Model"] = "llama3.1",
        ["ASSISTANT_Models__Profiles__local__Endpoint"] = BaseAddress.ToString(),
        ["ASSISTANT_Models__Profiles__local__MaxRetries"] = "0",
    };

    private async Task HandleAsync(RecordedRequest request, System.Net.HttpListenerResponse response)
    {
        if (request.Path != "/api/chat")
        {
            var tags = ListsModel ? """{"models":[{"name":"llama3.1:latest","model":"llama3.1:latest","size":1}]}""" : """{"models":[]}""";
            await LoopbackHttpServer.WriteJsonAsync(response, request.Path == "/api/tags" ? tags : """{"error":"not found"}""", request.Path == "/api/tags" ? 200 : 404);
            return;
        }

        var messages = JsonNode.Parse(request.Body)!["messages"]!.AsArray();
        var content = Replies.TryDequeue(out var next) ? next : Reply?.Invoke(messages) ?? "no reply left";
        var body = new JsonObject
        {
            ["model"] = "llama3.1", ["created_at"] = "2026-11-30T10:00:00Z",
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["done_reason"] = "stop", ["done"] = true, ["prompt_eval_count"] = 100, ["eval_count"] = 20,
        };
        await LoopbackHttpServer.WriteJsonAsync(response, body.ToJsonString());
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
