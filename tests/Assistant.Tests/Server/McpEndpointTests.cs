using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Assistant.Tests.Server;

/// <summary>
/// MCP over HTTP at /mcp, driven by the MCP SDK's client over the in-memory server: the same tools as
/// <c>assistant mcp</c>, behind the API keys, each call on the key's own knowledge base.
/// </summary>
public sealed class McpEndpointTests : IAsyncLifetime, IDisposable
{
    private readonly ServerFactory _server = new();

    public Task InitializeAsync() => KnowledgeBaseIsolation.SeedAsync(_server);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _server.Dispose();

    /// <summary>An MCP client over <paramref name="http"/> (which carries the key).</summary>
    private Task<McpClient> ConnectAsync(HttpClient http) => McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
    {
        Endpoint = new Uri(_server.Server.BaseAddress, "/mcp"),
        TransportMode = HttpTransportMode.StreamableHttp,
        EnableStandaloneGetStream = false,
    }, http, ownsHttpClient: false));

    private async Task<string> CallAsync(HttpClient http, string tool, Dictionary<string, object?> arguments)
    {
        await using var client = await ConnectAsync(http);
        var result = await client.CallToolAsync(tool, arguments);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.False(result.IsError ?? false, text);
        return text;
    }

    [Fact]
    public async Task Lists_the_same_tools_as_assistant_mcp()
    {
        await using var client = await ConnectAsync(_server.ClientFor(TestKeys.Client));
        Assert.Equal("assistant", client.ServerInfo?.Name);
        var tools = await client.ListToolsAsync();
        Assert.Equal(["ask", "code_review", "search_documents", "sentiment", "summarize", "translate"], tools.Select(t => t.Name).Order());
        // Services (the document scope) are injected, not arguments the caller sees.
        var search = tools.Single(t => t.Name == "search_documents").JsonSchema.GetProperty("properties");
        Assert.Equal(["query", "top"], search.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public Task Search_documents_sees_only_the_keys_knowledge_base() =>
        KnowledgeBaseIsolation.AssertIsolatedAsync(_server, (http, question) => CallAsync(http, "search_documents", new() { ["query"] = question }));

    [Fact]
    public Task Ask_answers_only_from_the_keys_knowledge_base() =>
        KnowledgeBaseIsolation.AssertIsolatedAsync(_server, (http, question) => CallAsync(http, "ask", new() { ["question"] = question + "?" }));

    [Fact]
    public Task Summarize_by_query_reads_only_the_keys_knowledge_base() =>
        KnowledgeBaseIsolation.AssertIsolatedAsync(_server, (http, question) => CallAsync(http, "summarize", new() { ["query"] = question }));

    [Fact]
    public async Task Summarize_in_the_default_base_skips_documents_another_base_put_into_its_folder()
    {
        // As `assistant ingest --kb acme` does with the default data folder: the document sits in the default store, named acme.
        const string marker = "xylophone";
        var folder = _server.Dir.Combine("cli-acme");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "acme-cli.md"), $"# Blender warranty\n\nThe warranty period for the blender is two years. Registration code {marker}.\n");
        var pipeline = _server.Services.GetRequiredService<Core.Ingestion.IngestionPipeline>();
        var report = await pipeline.IngestAsync(new Core.Ingestion.IngestRequest([folder], AllowDuplicates: true, KnowledgeBase: "acme"), null, CancellationToken.None);
        Assert.True(report.Count(Core.Ingestion.IngestOutcome.Added) == 1, report.Describe());
        var store = _server.Services.GetRequiredService<Core.Storage.IKnowledgeStore>();
        var id = (await store.ListDocumentsAsync(CancellationToken.None)).Single(d => d.KnowledgeBase == "acme").Id;
        var client = _server.ClientFor(TestKeys.Client);

        var byQuery = await CallAsync(client, "summarize", new() { ["query"] = KnowledgeBaseIsolation.Question });

        Assert.Contains(KnowledgeBaseIsolation.DefaultMarker, byQuery, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(marker, byQuery, StringComparison.OrdinalIgnoreCase);
        await using var mcp = await ConnectAsync(client);
        var byId = await mcp.CallToolAsync("summarize", new Dictionary<string, object?> { ["documentId"] = id });
        Assert.True(byId.IsError, "another base's document is not readable by id");
        Assert.DoesNotContain(marker, Assert.IsType<TextContentBlock>(Assert.Single(byId.Content)).Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Text_tools_work_without_a_model()
    {
        var sentiment = JsonNode.Parse(await CallAsync(_server.ClientFor(TestKeys.AcmeClient), "sentiment", new() { ["text"] = "This is terrible, I am very angry." }))!;
        Assert.Equal("negative", (string?)sentiment["label"]);
        Assert.Equal("lexicon", (string?)sentiment["mode"]);
    }

    [Fact]
    public async Task Needs_a_key_with_more_than_chat_rights()
    {
        var initialize = new JsonObject
        {
            ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "initialize",
            ["params"] = new JsonObject { ["protocolVersion"] = "2025-06-18", ["capabilities"] = new JsonObject(), ["clientInfo"] = new JsonObject { ["name"] = "t", ["version"] = "1" } },
        };
        HttpRequestMessage Post(HttpClient _) => new(HttpMethod.Post, "/mcp")
        {
            Content = JsonContent.Create(initialize),
            Headers = { { "Accept", "application/json, text/event-stream" } },
        };

        var anonymous = _server.CreateClient();
        await ProblemAssert.IsProblemAsync(await anonymous.SendAsync(Post(anonymous)), HttpStatusCode.Unauthorized);
        var widget = _server.ClientFor(TestKeys.Widget, origin: ServerFactory.WidgetOrigin);
        Assert.Equal(HttpStatusCode.Forbidden, (await widget.SendAsync(Post(widget))).StatusCode);
        var client = _server.ClientFor(TestKeys.Client);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Post(client))).StatusCode);
    }
}
