using System.Text.Json;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

/// <summary>
/// `assistant ask --model` through the real CLI against a loopback Ollama whose answer states a number its passage does
/// not and cites a passage that was never given: the printed sources mark the unsupported citation, the removed one is
/// named, and --json carries both (keeping every earlier field).
/// </summary>
public sealed class AskCitationCommandTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private LoopbackHttpServer _ollama = null!;

    public async Task InitializeAsync()
    {
        _ollama = new LoopbackHttpServer(ChatAsync);
        _dir.Write("docs/refund.md", "# Refunds\n\n## Policy\n\nRefunds are accepted within 30 days of purchase with a receipt.\n");
        Assert.Equal(0, (await Run("ingest", "docs")).ExitCode);
    }

    public async Task DisposeAsync()
    {
        await _ollama.DisposeAsync();
        _dir.Dispose();
    }

    private static async Task ChatAsync(RecordedRequest request, System.Net.HttpListenerResponse response)
    {
        if (request.Body.Contains("You check citations", StringComparison.Ordinal))
        {
            await LoopbackHttpServer.WriteChunkedAsync(response, """{"model":"llama3.1","created_at":"2026-11-23T10:00:02Z","message":{"role":"assistant","content":"SUPPORTED"},"done_reason":"stop","done":true}""" + "\n", pieceSize: 11, contentType: "application/x-ndjson");
            return;
        }

        string[] lines =
        [
            """{"model":"llama3.1","created_at":"2026-11-23T10:00:00Z","message":{"role":"assistant","content":"Refunds are accepted within 90 days"},"done":false}""",
            """{"model":"llama3.1","created_at":"2026-11-23T10:00:00Z","message":{"role":"assistant","content":" [1][7]."},"done":false}""",
            """{"model":"llama3.1","created_at":"2026-11-23T10:00:01Z","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"prompt_eval_count":100,"eval_count":9}""",
        ];
        await LoopbackHttpServer.WriteChunkedAsync(response, string.Join("\n", lines) + "\n", pieceSize: 11, contentType: "application/x-ndjson");
    }

    private Task<CliResult> Run(params string[] args) => RunWith([], args);

    private Task<CliResult> RunWith(Dictionary<string, string?> environment, params string[] args) => CliProcess.RunAsync(_dir.Path, new Dictionary<string, string?>(environment)
    {
        ["ASSISTANT_DATA"] = _dir.Combine("idx"),
        ["ASSISTANT_Models__Profiles__local__Provider"] = "ollama",
        ["ASSISTANT_Models__Profiles__local__Model"] = "llama3.1",
        ["ASSISTANT_Models__Profiles__local__Endpoint"] = _ollama.BaseAddress.ToString(),
    }, args);

    [Fact]
    public async Task The_printed_sources_mark_an_unsupported_citation_and_name_a_removed_one()
    {
        var result = await Run("ask", "--model", "local", "How long do I have to ask for a refund?");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StdOut.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("Refunds are accepted within 90 days [1][7].", lines[0]);
        Assert.Equal(string.Empty, lines[1]);
        Assert.Equal("[1] docs/refund.md — Refunds > Policy (not supported by its passage)", lines[2]);
        Assert.Equal("[7]: no such passage was given; removed from the answer", lines[3]);
        Assert.StartsWith("local (llama3.1), 100 in / 9 out tokens", lines[4]);
    }

    [Fact]
    public async Task Json_has_the_checked_citations_the_removed_ones_and_the_cleaned_answer()
    {
        var result = await Run("ask", "--model", "local", "How long do I have to ask for a refund?", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;
        Assert.Equal("Refunds are accepted within 90 days [1].", root.GetProperty("answer").GetString());
        var citation = Assert.Single(root.GetProperty("citations").EnumerateArray());
        Assert.Equal(1, citation.GetProperty("n").GetInt32());
        Assert.False(citation.GetProperty("supported").GetBoolean());
        Assert.Equal("90 not in the passage", citation.GetProperty("reason").GetString());
        Assert.Equal([7], root.GetProperty("removedCitations").EnumerateArray().Select(e => e.GetInt32()));
        foreach (var field in new[] { "mode", "found", "sources", "model", "profile", "fallbackFrom", "usage", "timeToFirstTokenMs", "totalMs", "notice" })
        {
            Assert.True(root.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task A_configured_judge_model_is_asked_about_the_unsupported_citation_and_overrules_the_rule()
    {
        var result = await RunWith(new() { ["ASSISTANT_Answering__CitationJudge"] = "local" }, "ask", "--model", "local", "How long do I have to ask for a refund?", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        var citation = Assert.Single(json.RootElement.GetProperty("citations").EnumerateArray());
        Assert.True(citation.GetProperty("supported").GetBoolean());
        var judged = Assert.Single(_ollama.Requests, r => r.Path == "/api/chat" && r.Body.Contains("You check citations", StringComparison.Ordinal));
        Assert.Contains("Claim: Refunds are accepted within 90 days", judged.Body);
    }
}
