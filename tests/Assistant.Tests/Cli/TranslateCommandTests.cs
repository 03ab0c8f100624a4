using System.Text.Json.Nodes;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

/// <summary>`assistant translate` through the real CLI against a fake Ollama on loopback: --json shape, glossary file, the no-model failure, usage errors.</summary>
public sealed class TranslateCommandTests : IAsyncLifetime
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
    public async Task A_file_is_translated_with_the_glossary_and_printed_as_the_documented_json()
    {
        _dir.Write("note.md", "## 결제\n\n{name}님, 결제가 완료되었습니다: https://pay.example.com/r/42");
        _dir.Write("terms.txt", "결제 = payment\n");
        _ollama.Replies.Enqueue("## Payment\n\n{name}, your payment is complete: https://pay.example.com/r/42");
        var result = await Run("translate", "note.md", "--to", "en", "--glossary", "terms.txt", "--model", "local", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonNode.Parse(result.StdOut)!;
        Assert.Equal(["translation", "sourceLanguage", "targetLanguage", "mode"], json.AsObject().Select(p => p.Key));
        Assert.Equal(("ko", "en", "generative"), ((string)json["sourceLanguage"]!, (string)json["targetLanguage"]!, (string)json["mode"]!));
        Assert.Equal("## Payment\n\n{name}, your payment is complete: https://pay.example.com/r/42", (string)json["translation"]!);
        var messages = Assert.Single(_ollama.ChatMessages);
        Assert.Contains("결제 => payment", (string)messages[0]!["content"]!);
    }

    [Fact]
    public async Task A_broken_url_after_the_repair_is_exit_1_naming_it()
    {
        _dir.Write("note.txt", "자세한 내용은 https://example.com/a 를 보세요.");
        _ollama.Replies.Enqueue("See https://example.com/b for details.");
        _ollama.Replies.Enqueue("See https://example.com/c for details.");
        var result = await Run("translate", "note.txt", "--to", "en", "--from", "ko", "--model", "local");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("URL 'https://example.com/a' is missing or changed", result.StdErr);
        Assert.Equal(2, _ollama.ChatMessages.Count);
    }

    [Fact]
    public async Task Without_a_model_it_fails_fast_with_exit_1_naming_how_to_configure_one()
    {
        _dir.Write("note.txt", "안녕하세요");
        var result = await Run("translate", "note.txt", "--to", "en");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("translate needs a chat model", result.StdErr);
        Assert.Contains("Models:DefaultChat", result.StdErr);
    }

    [Theory]
    [InlineData(new[] { "translate", "note.txt", "--to", "xx", "--model", "local" }, "error: to: unknown language code 'xx' (use one of ko, en, ja, zh, es, fr, de)")]
    [InlineData(new[] { "translate", "note.txt", "--to", "en", "--glossary", "bad.txt", "--model", "local" }, "error: glossary: line 1 'no arrow here' is not 'source = target'")]
    [InlineData(new[] { "translate", "note.txt", "--to", "ko", "--from", "ko", "--model", "local" }, "error: from: the source and target language are both 'ko'")]
    public async Task Usage_errors_exit_2_before_any_model_call(string[] args, string message)
    {
        _dir.Write("note.txt", "안녕하세요");
        _dir.Write("bad.txt", "no arrow here");
        var result = await Run(args);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(message, result.StdErr.Trim());
        Assert.Empty(_ollama.ChatMessages);
    }
}
