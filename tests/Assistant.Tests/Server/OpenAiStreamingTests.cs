using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assistant.Core.Answering;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Tests.Server;

/// <summary>
/// Token-by-token streaming on /v1/chat/completions: a scripted model streams its answer in pieces and each piece
/// arrives as its own chunk, in order, before the finish and sources chunks. Also the endpoints in the OpenAPI document.
/// </summary>
public sealed class OpenAiStreamingTests : IAsyncLifetime, IDisposable
{
    private static readonly string[] Pieces = ["The warranty period ", "for the blender ", "is two years [1]."];

    private readonly ScriptedChatClient _model = new(ScriptedChatClient.Text(Pieces, inputTokens: 321, outputTokens: 12));
    private readonly ServerFactory _server;

    public OpenAiStreamingTests()
    {
        _server = new ServerFactory(services: s => s.AddSingleton<IChatModelSelector>(new FixedSelector(new ChatSelection(new SelectedChat("scripted", _model), null))));
    }

    public Task InitializeAsync() => KnowledgeBaseIsolation.SeedAsync(_server);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Each_piece_the_model_streams_is_a_chunk_of_its_own()
    {
        var body = new JsonObject { ["model"] = "default", ["stream"] = true, ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = KnowledgeBaseIsolation.Question + "?" }) };
        var response = await _server.ClientFor(TestKeys.AcmeClient).PostAsJsonAsync("/v1/chat/completions", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        var chunks = raw.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).SkipLast(1).Select(e => JsonNode.Parse(e["data: ".Length..])!).ToList();

        var contents = chunks.SelectMany(c => c["choices"]!.AsArray()).Select(c => (string?)c!["delta"]!["content"]).Where(c => !string.IsNullOrEmpty(c)).ToList();
        Assert.Equal(Pieces, contents);
        Assert.Equal(1 + Pieces.Length + 2, chunks.Count);   // role, the pieces, stop, sources
        Assert.Equal("scripted", (string?)chunks[^1]["model"]);
        Assert.Equal(333, (int)chunks[^1]["usage"]!["total_tokens"]!);
        Assert.Equal("acme-warranty.md", (string?)chunks[^1]["sources"]![0]!["source"]);
        Assert.True((bool)chunks[^1]["citations"]![0]!["supported"]!);
        // The model was given the acme base's passage, not the default base's.
        var prompt = JsonSerializer.Serialize(_model.Calls.Single().Messages.Select(m => m.Text));
        Assert.Contains(KnowledgeBaseIsolation.AcmeMarker, prompt);
        Assert.DoesNotContain(KnowledgeBaseIsolation.DefaultMarker, prompt);
    }

    [Fact]
    public async Task OpenApi_document_lists_the_openai_endpoints()
    {
        var document = await _server.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/v1/chat/completions").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/v1/models").TryGetProperty("get", out _));
    }
}
