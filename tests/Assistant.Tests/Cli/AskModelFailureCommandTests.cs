using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

/// <summary>
/// `assistant ask` through the real CLI when every model fails: one stderr line naming each profile tried and why,
/// exit 1, and no "waiting" line (stderr is not a terminal here).
/// </summary>
public sealed class AskModelFailureCommandTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private LoopbackHttpServer _primary = null!;

    public async Task InitializeAsync()
    {
        _primary = new LoopbackHttpServer((_, r) => LoopbackHttpServer.WriteJsonAsync(r, """{"error":{"message":"The server had an error","type":"server_error"}}""", 500));
        _dir.Write("docs/refund.md", "# Refunds\n\nRefunds are accepted within 30 days of purchase with a receipt.\n");
        var ingest = await Run("ingest", "docs");
        Assert.True(ingest.ExitCode == 0, ingest.ToString());
    }

    public async Task DisposeAsync()
    {
        await _primary.DisposeAsync();
        _dir.Dispose();
    }

    private Task<CliResult> Run(params string[] args) => CliProcess.RunAsync(_dir.Path, new Dictionary<string, string?>
    {
        ["ASSISTANT_DATA"] = _dir.Combine("idx"),
        ["ASSISTANT_Models__Profiles__openai__Endpoint"] = _primary.BaseAddress + "v1/",
        ["ASSISTANT_Models__Profiles__openai__ApiKeyEnv"] = "ASSISTANT_TEST_MODEL_KEY",
        ["ASSISTANT_TEST_MODEL_KEY"] = "sk-test-never-printed-0123456789",
        ["ASSISTANT_Models__Profiles__openai__MaxRetries"] = "1",
        ["ASSISTANT_Models__Profiles__ollama-llama__Endpoint"] = DeadEndpoint().ToString(),
    }, args);

    [Fact]
    public async Task Ask_names_every_profile_of_the_shipped_fallback_chain_on_one_line()
    {
        var result = await Run("ask", "--model", "openai", "What is the refund policy?");

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.StdErr.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: Every model profile tried failed — openai: HTTP 500 after 1 retry; ollama-llama: not running at http://127.0.0.1:", line);
        Assert.Contains("Is Ollama running?", line);
        Assert.DoesNotContain("sk-test-never-printed", result.StdErr + result.StdOut);
        Assert.DoesNotContain("waiting for", result.StdErr);
        Assert.Equal(2, _primary.Requests.Count);
    }

    private static Uri DeadEndpoint()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        var port = ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
