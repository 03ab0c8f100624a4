using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assistant.Tests.TestSupport;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Assistant.Tests.Mcp;

/// <summary>
/// `assistant mcp` as a real process, driven by the MCP SDK's own client over stdio and over Streamable HTTP: the tool
/// list and input schemas, then every tool called against a fake Ollama on loopback (the default profile), with an
/// indexed document for search and ask. Results must be JSON objects, not JSON-quoted strings.
/// </summary>
public sealed class McpServerTests : IAsyncLifetime
{
    private static readonly string[] ToolNames = ["ask", "code_review", "search_documents", "sentiment", "summarize", "translate"];

    private readonly TempDir _dir = new();
    private FakeOllamaChat _ollama = null!;

    public async Task InitializeAsync()
    {
        _ollama = new FakeOllamaChat(Reply) { ListsModel = true };
        _dir.Write("docs/sync.md", "# Sync\n\nWhen sync fails, the app writes a log file. The sync log is stored in the logs folder of your profile.\n");
        var ingest = await CliProcess.RunAsync(_dir.Path, Environment(), "ingest", "docs");
        Assert.True(ingest.ExitCode == 0, ingest.ToString());
    }

    public async Task DisposeAsync()
    {
        await _ollama.DisposeAsync();
        _dir.Dispose();
    }

    private Dictionary<string, string?> Environment()
    {
        var environment = _ollama.Environment(_dir.Combine("idx"));
        environment["ASSISTANT_Models__DefaultChat"] = "local";
        return environment;
    }

    /// <summary>The fake model answers by the prompt it was sent.</summary>
    private static string Reply(JsonArray messages)
    {
        var system = (string?)messages[0]!["content"] ?? string.Empty;
        if (system.Contains("sentiment", StringComparison.Ordinal)) return """{"label":"negative","score":-0.6,"confidence":0.9,"phrases":["fails"],"aspects":[],"language":"en"}""";
        if (system.Contains("You summarise a source", StringComparison.Ordinal)) return """{"points":[{"text":"Sync failures are logged.","sources":[1]}]}""";
        if (system.Contains("reviewing code", StringComparison.Ordinal)) return """{"summary":"One bug.","findings":[{"severity":"high","line":2,"category":"bug","message":"Off by one.","suggestion":"Use <."},{"severity":"low","line":99,"category":"style","message":"Not a line.","suggestion":""}]}""";
        if (system.Contains("professional translator", StringComparison.Ordinal)) return "동기화 로그는 {path}에 있습니다.";
        return "The sync log is in the logs folder of your profile [1].";
    }

    private StdioClientTransport Stdio() => new(new StdioClientTransportOptions
    {
        Name = "assistant",
        Command = "dotnet",
        Arguments = [CliProcess.AssemblyPath, "mcp"],
        WorkingDirectory = _dir.Path,
        EnvironmentVariables = Environment(),
    });

    private static async Task<JsonNode> CallJsonAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.False(result.IsError ?? false, text);
        Assert.StartsWith("{", text);                   // plain JSON, not a JSON-quoted string
        return JsonNode.Parse(text)!;
    }

    [Fact]
    public async Task Stdio_lists_the_tools_with_their_schemas_and_calls_each_against_the_loopback_model()
    {
        await using var client = await McpClient.CreateAsync(Stdio());
        Assert.Equal("assistant", client.ServerInfo?.Name);

        var tools = await client.ListToolsAsync();
        Assert.Equal(ToolNames, tools.Select(t => t.Name).Order());
        Assert.All(tools, t => Assert.False(string.IsNullOrWhiteSpace(t.Description), t.Name));
        var translate = tools.Single(t => t.Name == "translate").JsonSchema;
        Assert.Equal(["text", "to"], translate.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal(["from", "glossary", "model", "text", "to"], translate.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
        var summarize = tools.Single(t => t.Name == "summarize").JsonSchema.GetProperty("properties");
        Assert.Equal(["documentId", "language", "length", "model", "query", "style", "text"], summarize.EnumerateObject().Select(p => p.Name).Order());
        Assert.False(string.IsNullOrWhiteSpace(summarize.GetProperty("style").GetProperty("description").GetString()));

        var sentiment = await CallJsonAsync(client, "sentiment", new() { ["text"] = "Sync fails every day." });
        Assert.Equal(("negative", "generative"), ((string)sentiment["label"]!, (string)sentiment["mode"]!));

        var summary = await CallJsonAsync(client, "summarize", new() { ["query"] = "sync log" });
        Assert.Equal("- Sync failures are logged. [1]", (string)summary["summary"]!);
        Assert.NotNull((string?)summary["sources"]![0]!["documentId"]);

        var translation = await CallJsonAsync(client, "translate", new() { ["text"] = "The sync log is in {path}.", ["to"] = "ko" });
        Assert.Equal(("동기화 로그는 {path}에 있습니다.", "en", "ko"), ((string)translation["translation"]!, (string)translation["sourceLanguage"]!, (string)translation["targetLanguage"]!));

        var review = await CallJsonAsync(client, "code_review", new() { ["code"] = "int a = 0;\nfor (i = 0; i <= n; i++) {}\n", ["fileName"] = "Loop.cs" });
        var finding = Assert.Single(review["findings"]!.AsArray())!;      // line 99 is not in the input: dropped
        Assert.Equal((2, "bug", "generative"), ((int)finding["line"]!, (string)finding["category"]!, (string)review["mode"]!));

        var search = await CallJsonAsync(client, "search_documents", new() { ["query"] = "where is the sync log", ["top"] = 3 });
        var hit = search["results"]!.AsArray()[0]!;
        Assert.Contains("logs folder", (string)hit["text"]!);
        Assert.EndsWith("sync.md", (string)hit["source"]!);

        var answer = await CallJsonAsync(client, "ask", new() { ["question"] = "Where is the sync log?" });
        Assert.Equal("generative", (string)answer["mode"]!);
        Assert.Contains("logs folder", (string)answer["answer"]!);
        Assert.Contains("logs folder", (string)answer["sources"]![0]!["text"]!);

        var error = await client.CallToolAsync("translate", new Dictionary<string, object?> { ["text"] = "hello", ["to"] = "xx" });
        Assert.True(error.IsError);
        Assert.Contains("to: unknown language code 'xx'", Assert.IsType<TextContentBlock>(error.Content[0]).Text);
    }

    [Fact]
    public async Task A_call_can_name_the_model_profile_to_use()
    {
        // A second model server under its own profile; the default ("local") must not be asked when "other" is named.
        await using var other = new FakeOllamaChat(_ => """{"label":"positive","score":0.7,"confidence":0.8,"phrases":["works"],"aspects":[],"language":"en"}""") { ListsModel = true };
        var environment = Environment();
        environment["ASSISTANT_Models__Profiles__other__Provider"] = "ollama";
        environment["ASSISTANT_Models__Profiles__other__Model"] = "llama3.1";
        environment["ASSISTANT_Models__Profiles__other__Endpoint"] = other.BaseAddress.ToString();
        await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "assistant", Command = "dotnet", Arguments = [CliProcess.AssemblyPath, "mcp"], WorkingDirectory = _dir.Path, EnvironmentVariables = environment,
        }));

        var tools = await client.ListToolsAsync();
        Assert.All(tools.Where(t => t.Name != "search_documents"), t => Assert.True(t.JsonSchema.GetProperty("properties").TryGetProperty("model", out _), t.Name));

        var chatsBefore = _ollama.ChatMessages.Count;
        var sentiment = await CallJsonAsync(client, "sentiment", new() { ["text"] = "Sync works now.", ["model"] = "other" });
        Assert.Equal("positive", (string)sentiment["label"]!);
        var answer = await CallJsonAsync(client, "ask", new() { ["question"] = "Where is the sync log?", ["model"] = "other" });
        Assert.Equal("generative", (string)answer["mode"]!);
        Assert.Equal(2, other.ChatMessages.Count);
        Assert.Equal(chatsBefore, _ollama.ChatMessages.Count);

        // Blank means the default; an unknown profile is a tool error naming the ones that exist.
        var byDefault = await CallJsonAsync(client, "sentiment", new() { ["text"] = "Sync fails every day.", ["model"] = "" });
        Assert.Equal("negative", (string)byDefault["label"]!);
        var unknown = await client.CallToolAsync("ask", new Dictionary<string, object?> { ["question"] = "Where is the sync log?", ["model"] = "nosuch" });
        Assert.True(unknown.IsError);
        var message = Assert.IsType<TextContentBlock>(unknown.Content[0]).Text;
        Assert.Contains("no such profile 'nosuch'", message);
        Assert.Contains("other", message);
    }

    [Fact]
    public async Task Streamable_http_serves_the_same_tools()
    {
        var start = CliProcess.StartInfo(_dir.Path, ["mcp", "--http", "http://127.0.0.1:0/mcp"], Environment());
        using var server = Process.Start(start)!;
        try
        {
            var endpoint = await ReadEndpointAsync(server);
            await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = endpoint, TransportMode = HttpTransportMode.StreamableHttp }));
            Assert.Equal(ToolNames, (await client.ListToolsAsync()).Select(t => t.Name).Order());
            var search = await CallJsonAsync(client, "search_documents", new() { ["query"] = "sync log" });
            Assert.NotEmpty(search["results"]!.AsArray());
            var sentiment = await CallJsonAsync(client, "sentiment", new() { ["text"] = "Sync fails every day." });
            Assert.Equal("negative", (string)sentiment["label"]!);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static async Task<Uri> ReadEndpointAsync(Process server)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        const string prefix = "MCP server listening on ";
        while (await server.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return new Uri(line[prefix.Length..]);
        }

        throw new InvalidOperationException("the server exited before listening: " + await server.StandardOutput.ReadToEndAsync());
    }
}
