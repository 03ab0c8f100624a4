using System.Text.Json.Nodes;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

/// <summary>`assistant review` through the real CLI against a fake Ollama on loopback: a diff file, --json shape, the no-model failure.</summary>
public sealed class ReviewCommandTests : IAsyncLifetime
{
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
    public async Task A_diff_is_reviewed_and_printed_as_the_documented_json()
    {
        _dir.Write("change.diff", "--- a/app.py\n+++ b/app.py\n@@ -1,2 +1,2 @@\n import os\n-x = 1\n+password = \"hunter2\"\n");
        _ollama.Replies.Enqueue("""{"summary":"A hard-coded secret.","findings":[{"severity":"high","line":2,"category":"security","message":"Hard-coded password.","suggestion":"Read it from the environment."}]}""");
        var result = await Run("review", "change.diff", "--json", "--model", "local");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonNode.Parse(result.StdOut)!;
        Assert.Equal(["summary", "findings", "mode"], json.AsObject().Select(p => p.Key));
        var finding = Assert.Single(json["findings"]!.AsArray())!;
        Assert.Equal(["severity", "line", "category", "message", "suggestion"], finding.AsObject().Select(p => p.Key));
        Assert.Equal((2, "security"), ((int)finding["line"]!, (string)finding["category"]!));
        var sent = (string)Assert.Single(_ollama.ChatMessages)[^1]!["content"]!;
        Assert.Contains("    2 + password = \"hunter2\"", sent);
        Assert.Contains("in python", (string)_ollama.ChatMessages[0][0]!["content"]!);
    }

    [Fact]
    public async Task Without_a_model_it_exits_1_naming_how_to_configure_one()
    {
        _dir.Write("app.py", "x = 1\n");
        var result = await Run("review", "app.py");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("review needs a chat model", result.StdErr);
    }
}
