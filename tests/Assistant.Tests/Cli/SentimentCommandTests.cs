using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

/// <summary>
/// `assistant sentiment` through the real CLI: text, FILE and stdin input, --json, --batch JSON Lines, argument errors,
/// and --model against a fake Ollama on loopback (the text reaches the model; its JSON comes back as mode generative).
/// </summary>
public sealed class SentimentCommandTests : IAsyncLifetime
{
    private const string ModelJson = """{"label":"mixed","score":0.1,"confidence":0.8,"phrases":["좋은데","별로예요"],"aspects":[{"aspect":"카메라","label":"positive","score":0.7}],"language":"ko"}""";
    private static readonly string[] JsonFields = ["label", "score", "confidence", "phrases", "aspects", "language", "mode"];

    private readonly TempDir _dir = new();
    private readonly Queue<string> _replies = new();
    private LoopbackHttpServer _ollama = null!;

    public Task InitializeAsync()
    {
        _ollama = new LoopbackHttpServer(ChatAsync);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _ollama.DisposeAsync();
        _dir.Dispose();
    }

    private async Task ChatAsync(RecordedRequest request, System.Net.HttpListenerResponse response)
    {
        if (request.Path != "/api/chat")
        {
            // /api/tags and the like: a reachable server with no models installed, so nothing is picked without --model.
            await LoopbackHttpServer.WriteJsonAsync(response, request.Path == "/api/tags" ? """{"models":[]}""" : """{"error":"not found"}""", request.Path == "/api/tags" ? 200 : 404);
            return;
        }

        var content = _replies.TryDequeue(out var next) ? next : "no reply left";
        var body = new JsonObject
        {
            ["model"] = "llama3.1", ["created_at"] = "2026-11-30T10:00:00Z",
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["done_reason"] = "stop", ["done"] = true, ["prompt_eval_count"] = 100, ["eval_count"] = 20,
        };
        await LoopbackHttpServer.WriteJsonAsync(response, body.ToJsonString());
    }

    private Dictionary<string, string?> Environment() => new()
    {
        ["ASSISTANT_DATA"] = _dir.Combine("idx"),
        ["ASSISTANT_Models__Profiles__local__Provider"] = "ollama",
        ["ASSISTANT_Models__Profiles__local__Model"] = "llama3.1",
        ["ASSISTANT_Models__Profiles__local__Endpoint"] = _ollama.BaseAddress.ToString(),
        ["ASSISTANT_Models__Profiles__local__MaxRetries"] = "0",
    };

    private Task<CliResult> Run(params string[] args) => CliProcess.RunAsync(_dir.Path, Environment(), args);

    private async Task<CliResult> RunWithStdin(string stdin, params string[] args)
    {
        using var process = Process.Start(CliProcess.StartInfo(_dir.Path, args, Environment()))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private static void AssertDocumentedShape(JsonNode json)
    {
        Assert.Equal(JsonFields, json.AsObject().Select(p => p.Key));
        foreach (var aspect in json["aspects"]!.AsArray()) Assert.Equal(["aspect", "label", "score"], aspect!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Text_argument_without_a_model_uses_the_lexicon_and_says_so_on_stderr()
    {
        var result = await Run("sentiment", "배터리는 좋은데 화면이 너무 어두워요");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("mixed (score ", result.StdOut);
        Assert.Contains("ko, lexicon)", result.StdOut);
        Assert.Contains("화면: negative", result.StdOut);
        Assert.Equal("No chat model configured: using the offline lexicon analyser (mode \"lexicon\").", result.StdErr.Trim());
        Assert.DoesNotContain(_ollama.Requests, r => r.Path == "/api/chat");
    }

    [Fact]
    public async Task Json_prints_the_documented_object_and_keeps_the_notice_off_stdout()
    {
        var result = await Run("sentiment", "--json", "The delivery was not bad");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonNode.Parse(result.StdOut)!;
        AssertDocumentedShape(json);
        Assert.Equal(("positive", "en", "lexicon"), ((string)json["label"]!, (string)json["language"]!, (string)json["mode"]!));
        Assert.Equal("not bad", (string)json["phrases"]![0]!);
        Assert.Contains("lexicon", result.StdErr);
    }

    [Fact]
    public async Task Stdin_dash_and_a_file_are_read()
    {
        var fromStdin = await RunWithStdin("별로 안 좋아요", "sentiment", "--json", "-");
        Assert.True(fromStdin.ExitCode == 0, fromStdin.ToString());
        Assert.Equal("negative", (string)JsonNode.Parse(fromStdin.StdOut)!["label"]!);

        _dir.Write("review.txt", "Absolutely perfect, thank you so much!");
        var fromFile = await Run("sentiment", "--json", "review.txt");
        Assert.True(fromFile.ExitCode == 0, fromFile.ToString());
        Assert.Equal("positive", (string)JsonNode.Parse(fromFile.StdOut)!["label"]!);
    }

    [Fact]
    public async Task Batch_reads_one_text_per_line_and_writes_json_lines_with_progress_on_stderr()
    {
        var result = await RunWithStdin("great service\n\n배송이 너무 느려요\r\nwhere is my order?\n", "sentiment", "--batch", "-");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StdOut.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        var parsed = lines.Select(l => JsonNode.Parse(l)!).ToList();
        parsed.ForEach(AssertDocumentedShape);
        Assert.Equal(["positive", "negative", "neutral"], parsed.Select(j => (string)j["label"]!));
        Assert.Equal(["en", "ko", "en"], parsed.Select(j => (string)j["language"]!));
        Assert.Contains("sentiment: 1/3", result.StdErr);
        Assert.Contains("sentiment: 3/3", result.StdErr);
    }

    [Theory]
    [InlineData("   ", "error: text: the text is empty")]
    public async Task Invalid_input_is_a_usage_error_naming_the_argument(string text, string message)
    {
        var result = await Run("sentiment", "--model", "local", text);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(message, result.StdErr.Trim());
        Assert.DoesNotContain(_ollama.Requests, r => r.Path == "/api/chat");
    }

    [Fact]
    public async Task Too_long_text_is_refused_with_its_setting_before_the_model_is_called()
    {
        var environment = Environment();
        environment["ASSISTANT_Plugins__Sentiment__MaxTextChars"] = "20";
        var result = await CliProcess.RunAsync(_dir.Path, environment, "sentiment", "--model", "local", "this text is longer than twenty characters");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error: text: 42 characters is over the limit of 20 (Plugins:Sentiment:MaxTextChars)", result.StdErr);
        Assert.DoesNotContain(_ollama.Requests, r => r.Path == "/api/chat");
    }

    [Fact]
    public async Task Model_mode_sends_the_text_and_prints_the_models_result_as_generative()
    {
        _replies.Enqueue(ModelJson);
        var result = await Run("sentiment", "--json", "--model", "local", "카메라는 좋은데 배터리가 별로예요");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonNode.Parse(result.StdOut)!;
        AssertDocumentedShape(json);
        Assert.Equal(("mixed", "generative", "ko"), ((string)json["label"]!, (string)json["mode"]!, (string)json["language"]!));
        Assert.Equal("카메라", (string)json["aspects"]![0]!["aspect"]!);
        var request = JsonNode.Parse(Assert.Single(_ollama.Requests, r => r.Path == "/api/chat").Body)!;
        var messages = request["messages"]!.AsArray();
        Assert.Equal("카메라는 좋은데 배터리가 별로예요", (string)messages[^1]!["content"]!);
        Assert.Contains("JSON schema", (string)messages[0]!["content"]!);
        Assert.DoesNotContain("lexicon", result.StdErr);
    }

    [Fact]
    public async Task Model_replies_that_stay_invalid_after_the_repair_fail_with_exit_1()
    {
        _replies.Enqueue("I think it is positive.");
        _replies.Enqueue("{\"label\": \"positive\"}");
        var result = await Run("sentiment", "--model", "local", "good");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("error: the model's sentiment reply is not valid JSON for the schema, even after one repair retry: ", result.StdErr.Trim());
        var chats = _ollama.Requests.Where(r => r.Path == "/api/chat").ToList();
        Assert.Equal(2, chats.Count);
        var repair = JsonNode.Parse(chats[1].Body)!["messages"]!.AsArray();
        Assert.Equal("I think it is positive.", (string)repair[2]!["content"]!);
        Assert.StartsWith("That reply was rejected: not JSON", (string)repair[3]!["content"]!);
    }
}
