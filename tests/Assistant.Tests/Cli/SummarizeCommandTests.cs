using System.Diagnostics;
using System.Text.Json.Nodes;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

/// <summary>
/// `assistant summarize` through the real CLI: a file offline (extractive), stdin, --json shape, an indexed document
/// by --doc, argument errors, and --model against a fake Ollama on loopback (the numbered parts reach the model).
/// </summary>
public sealed class SummarizeCommandTests : IAsyncLifetime
{
    private const string Guide = """
        # Sync guide

        Nimbus Notes syncs your notes across devices. Sync runs every five minutes when the app is open.

        When sync fails, the app writes a log file. The sync log is stored in the logs folder of your profile.

        The company picnic is planned for June. Bring sunscreen and a hat.
        """;

    private readonly TempDir _dir = new();
    private FakeOllamaChat _ollama = null!;

    public Task InitializeAsync()
    {
        _ollama = new FakeOllamaChat();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _ollama.DisposeAsync();
        _dir.Dispose();
    }

    private Task<CliResult> Run(params string[] args) => CliProcess.RunAsync(_dir.Path, _ollama.Environment(_dir.Combine("idx")), args);

    [Fact]
    public async Task A_file_without_a_model_is_summarized_extractively_with_the_documented_json()
    {
        _dir.Write("guide.md", Guide);
        var result = await Run("summarize", "guide.md", "--json", "--length", "short");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonNode.Parse(result.StdOut)!;
        Assert.Equal(["summary", "mode", "language", "sources"], json.AsObject().Select(p => p.Key));
        Assert.Equal(("extractive", "en"), ((string)json["mode"]!, (string)json["language"]!));
        Assert.StartsWith("- ", (string)json["summary"]!);
        var source = json["sources"]!.AsArray()[0]!;
        Assert.Equal(["n", "documentId", "title", "section", "start", "end"], source.AsObject().Select(p => p.Key));
        Assert.Equal("guide.md", (string)source["title"]!);
        Assert.Contains("extractive", result.StdErr);
        Assert.DoesNotContain(_ollama.ChatMessages, _ => true);
    }

    [Fact]
    public async Task Stdin_with_a_model_sends_numbered_parts_and_prints_the_cited_summary()
    {
        _ollama.Replies.Enqueue("""{"points":[{"text":"동기화는 5분마다 실행됩니다.","sources":[1]}]}""");
        using var process = Process.Start(CliProcess.StartInfo(_dir.Path, ["summarize", "-", "--model", "local", "--style", "tldr", "--lang", "ko"], _ollama.Environment(_dir.Combine("idx"))))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(Guide);
        process.StandardInput.Close();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        var result = new CliResult(process.ExitCode, await stdout, await stderr);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("TL;DR: 동기화는 5분마다 실행됩니다. [1]", result.StdOut);
        Assert.Contains("[1] characters 0-", result.StdOut);
        var messages = Assert.Single(_ollama.ChatMessages);
        Assert.Contains("in Korean. Style: tldr", (string)messages[0]!["content"]!);
        Assert.StartsWith("[1] # Sync guide", (string)messages[^1]!["content"]!);
    }

    [Fact]
    public async Task An_indexed_document_is_summarized_by_id()
    {
        _dir.Write("docs/guide.md", Guide);
        var ingest = await Run("ingest", "docs");
        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        var id = (string)JsonNode.Parse((await Run("docs", "list", "--json")).StdOut)!.AsArray()[0]!["id"]!;

        var result = await Run("summarize", "--doc", id, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var sources = JsonNode.Parse(result.StdOut)!["sources"]!.AsArray();
        Assert.NotEmpty(sources);
        Assert.All(sources, s => Assert.Equal(id, (string)s!["documentId"]!));
    }

    [Fact]
    public async Task Kb_limits_query_and_doc_to_that_knowledge_base_like_search_and_ask()
    {
        _dir.Write("alpha/guide.md", Guide);
        _dir.Write("beta/notes.md", "# Sync notes\n\nThe zanzibar sync log rotates every night. Sync runs hourly on servers.\n");
        Assert.Equal(0, (await Run("ingest", "alpha", "--kb", "alpha")).ExitCode);
        Assert.Equal(0, (await Run("ingest", "beta", "--kb", "beta")).ExitCode);
        var beta = (string)JsonNode.Parse((await Run("docs", "list", "--json")).StdOut)!.AsArray().Single(d => ((string)d!["source"]!).Contains("notes.md", StringComparison.Ordinal))!["id"]!;

        var scoped = await Run("summarize", "--query", "sync log", "--kb", "alpha", "--json");

        Assert.True(scoped.ExitCode == 0, scoped.ToString());
        Assert.DoesNotContain("zanzibar", scoped.StdOut);
        Assert.All(JsonNode.Parse(scoped.StdOut)!["sources"]!.AsArray(), s => Assert.NotEqual(beta, (string)s!["documentId"]!));
        var other = await Run("summarize", "--doc", beta, "--kb", "alpha");
        Assert.True(other.ExitCode == 2, other.ToString());
        Assert.StartsWith($"error: documentId: no document '{beta}' in the knowledge base", other.StdErr.Trim());
        // Without --kb every indexed document is in reach, as for search.
        Assert.Contains("zanzibar", (await Run("summarize", "--doc", beta)).StdOut);
    }

    [Theory]
    [InlineData(new[] { "summarize" }, "error: give a FILE, - for standard input, --doc ID or --query Q (one of them)")]
    [InlineData(new[] { "summarize", "missing.md" }, "error: missing.md: no such file (give a FILE, or - to read standard input)")]
    [InlineData(new[] { "summarize", "guide.md", "--style", "poem" }, "error: style: 'poem' is not bullets, paragraph or tldr")]
    [InlineData(new[] { "summarize", "guide.md", "--lang", "xx", "--model", "local" }, "error: language: unknown language code 'xx' (use one of ko, en, ja, zh, es, fr, de)")]
    [InlineData(new[] { "summarize", "guide.md", "--model", "nope" }, "error: --model nope: no such profile (known: ")]
    public async Task Usage_errors_exit_2_naming_the_argument_before_any_model_call(string[] args, string message)
    {
        _dir.Write("guide.md", Guide);
        var result = await Run(args);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith(message, result.StdErr.Trim());
        Assert.DoesNotContain("\n", result.StdErr.Trim());
        Assert.Empty(_ollama.ChatMessages);
    }
}
