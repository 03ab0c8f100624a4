using System.Text.Json;
using Assistant.Core.Models;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Assistant.Tests.Models.Ollama;

public sealed class OllamaChatClientTests
{
    private const string Ndjson = "application/x-ndjson";

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task Streams_text_and_usage_when_lines_are_split_at_any_byte(int piece)
    {
        var body = ModelTestKit.Fixture("ollama", "chat-stream-text.ndjson");
        await using var server = new LoopbackHttpServer(ModelTestKit.Chunked(body, piece, Ndjson));
        var kit = new ModelTestKit().Profile("local", "ollama", server.BaseAddress, "llama3.1", p => { p.ContextWindow = 8192; p.Temperature = 0.2f; p.ApiKeyEnv = null; });
        var client = kit.Factory().CreateChatClient("local");

        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in client.GetStreamingResponseAsync(ModelTestKit.Ask("why is the sky blue?"), new ChatOptions { MaxOutputTokens = 64 }))
        {
            updates.Add(u);
        }

        var response = updates.ToChatResponse();
        Assert.Equal("The sky is blue — 하늘.", response.Text);
        Assert.Equal(26, response.Usage?.InputTokenCount);
        Assert.Equal(282, response.Usage?.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        var info = ModelCallInfo.From(response);
        Assert.Equal("local", info.Profile);
        Assert.Equal("llama3.1", info.ModelId);
        Assert.NotNull(info.TotalMs);

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/chat", request.Path);
        var json = ModelTestKit.Body(request);
        Assert.Equal("llama3.1", json.GetProperty("model").GetString());
        Assert.True(json.GetProperty("stream").GetBoolean());
        Assert.Equal(8192, json.GetProperty("options").GetProperty("num_ctx").GetInt32());
        Assert.Equal(64, json.GetProperty("options").GetProperty("num_predict").GetInt32());
        Assert.Equal(0.2, json.GetProperty("options").GetProperty("temperature").GetDouble(), 3);
        Assert.Equal("user", json.GetProperty("messages")[0].GetProperty("role").GetString());
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task Calls_are_traced_through_the_libraries_OpenTelemetry_middleware()
    {
        var body = ModelTestKit.Fixture("ollama", "chat-nostream.json");
        await using var server = new LoopbackHttpServer((_, r) => LoopbackHttpServer.WriteJsonAsync(r, body));
        // A model name no other test uses: the listener is process-wide and tests run in parallel.
        var kit = new ModelTestKit().Profile("local", "ollama", server.BaseAddress, "otel-probe-model");
        var activities = new List<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = s => s.Name == ModelProfileFactory.TelemetrySource,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.DisplayName.Contains("otel-probe-model", StringComparison.Ordinal))
                {
                    lock (activities) activities.Add(a);
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);

        await kit.Factory().CreateChatClient("local").GetResponseAsync(ModelTestKit.Ask("hi"));

        var span = Assert.Single(activities);
        Assert.Equal(298L, Convert.ToInt64(span.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Tool_calls_arrive_as_function_calls_with_object_arguments_and_tools_are_sent()
    {
        var body = ModelTestKit.Fixture("ollama", "chat-stream-tools.ndjson");
        await using var server = new LoopbackHttpServer(ModelTestKit.Chunked(body, 5, Ndjson));
        var kit = new ModelTestKit().Profile("local", "ollama", server.BaseAddress, "llama3.1");
        var tool = AIFunctionFactory.CreateDeclaration("get_weather", "Get the weather in a given city",
            JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement);

        var response = await kit.Factory().CreateChatClient("local")
            .GetStreamingResponseAsync(ModelTestKit.Ask("weather in tokyo?"), new ChatOptions { Tools = [tool] }).ToChatResponseAsync();

        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["get_weather", "get_time"], calls.Select(c => c.Name));
        Assert.Equal("Tokyo", calls[0].Arguments!["city"]?.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        var sent = ModelTestKit.Body(Assert.Single(server.Requests)).GetProperty("tools")[0];
        Assert.Equal("function", sent.GetProperty("type").GetString());
        Assert.Equal("get_weather", sent.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("object", sent.GetProperty("function").GetProperty("parameters").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Tool_results_are_sent_back_as_tool_messages_and_arguments_as_objects()
    {
        var body = ModelTestKit.Fixture("ollama", "chat-nostream.json");
        await using var server = new LoopbackHttpServer((_, r) => LoopbackHttpServer.WriteJsonAsync(r, body));
        var kit = new ModelTestKit().Profile("local", "ollama", server.BaseAddress);
        ChatMessage[] history =
        [
            new(ChatRole.User, "weather?"),
            new(ChatRole.Assistant, [new FunctionCallContent("c1", "get_weather", new Dictionary<string, object?> { ["city"] = "Tokyo" })]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", "22C")]),
        ];

        var response = await kit.Factory().CreateChatClient("local").GetResponseAsync(history);

        Assert.Equal("Hello! How are you today?", response.Text);
        Assert.Equal(298, response.Usage?.OutputTokenCount);
        var messages = ModelTestKit.Body(server.Requests[0]).GetProperty("messages");
        Assert.False(ModelTestKit.Body(server.Requests[0]).GetProperty("stream").GetBoolean());
        Assert.Equal(JsonValueKind.Object, messages[1].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").ValueKind);
        Assert.Equal("tool", messages[2].GetProperty("role").GetString());
        // OllamaSharp sends the result as a JSON wrapper {"CallId","Result"} and no tool_name (NOTES §4); Ollama accepts both.
        using var result = JsonDocument.Parse(messages[2].GetProperty("content").GetString()!);
        Assert.Equal("c1", result.RootElement.GetProperty("CallId").GetString());
        Assert.Equal("22C", result.RootElement.GetProperty("Result").GetString());
    }

    [Fact]
    public async Task An_error_line_in_the_middle_of_the_stream_is_thrown_after_the_partial_text()
    {
        var body = ModelTestKit.Fixture("ollama", "chat-stream-midstream-error.ndjson");
        await using var server = new LoopbackHttpServer(ModelTestKit.Chunked(body, 4, Ndjson));
        var kit = new ModelTestKit().Profile("local", "ollama", server.BaseAddress);
        var seen = "";

        var error = await Assert.ThrowsAsync<ModelException>(async () =>
        {
            await foreach (var u in kit.Factory().CreateChatClient("local").GetStreamingResponseAsync(ModelTestKit.Ask("hi")))
            {
                seen += u.Text;
            }
        });

        Assert.Equal(" Yes.", seen);
        Assert.Contains("an error was encountered while running the model", error.Message);
        Assert.Single(server.Requests); // never retried once text was streamed
    }

    [Fact]
    public async Task A_mid_stream_error_line_reaches_the_caller_with_the_key_scrubbed()
    {
        // OllamaSharp alone ends the answer quietly here (NOTES §4); the NDJSON guard under it must turn the line into an error.
        var first = ModelTestKit.Fixture("ollama", "chat-stream-text.ndjson").Split('\n')[0];
        var body = first + "\n{\"error\":\"upstream rejected token " + ModelTestKit.FakeKey + ": out of memory\"}\n";
        await using var server = new LoopbackHttpServer(ModelTestKit.Chunked(body, 1, Ndjson));
        var kit = new ModelTestKit().Profile("local", "ollama", server.BaseAddress);
        var updates = new List<ChatResponseUpdate>();

        var error = await Assert.ThrowsAsync<ModelException>(async () =>
        {
            await foreach (var u in kit.Factory().CreateChatClient("local").GetStreamingResponseAsync(ModelTestKit.Ask("hi")))
            {
                updates.Add(u);
            }
        });

        Assert.Equal("The", string.Concat(updates.Select(u => u.Text)));
        Assert.Contains("out of memory", error.Message);
        Assert.Contains("'local'", error.Message);
        Assert.DoesNotContain(ModelTestKit.FakeKey, error.ToString());
        Assert.Contains("***", error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_stream_without_done_true_ends_with_StreamInterrupted()
    {
        var body = ModelTestKit.Fixture("ollama", "chat-stream-truncated.ndjson");
        await using var server = new LoopbackHttpServer(ModelTestKit.Chunked(body, 3, Ndjson));
        var kit = new ModelTestKit().Profile("local", "ollama", server.BaseAddress);

        var error = await Assert.ThrowsAsync<ModelException>(() =>
            kit.Factory().CreateChatClient("local").GetStreamingResponseAsync(ModelTestKit.Ask("hi")).ToChatResponseAsync());

        Assert.Equal(ModelErrorKind.StreamInterrupted, error.Kind);
    }

    [Fact]
    public async Task A_line_that_is_not_json_ends_with_StreamInterrupted()
    {
        var first = ModelTestKit.Fixture("ollama", "chat-stream-text.ndjson").Split('\n')[0];
        await using var server = new LoopbackHttpServer(ModelTestKit.Chunked(first + "\n<html>proxy error</html>\n", 3, Ndjson));
        var kit = new ModelTestKit().Profile("local", "ollama", server.BaseAddress);

        var error = await Assert.ThrowsAsync<ModelException>(() =>
            kit.Factory().CreateChatClient("local").GetStreamingResponseAsync(ModelTestKit.Ask("hi")).ToChatResponseAsync());

        Assert.Equal(ModelErrorKind.StreamInterrupted, error.Kind);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_dropped_connection_mid_stream_ends_with_StreamInterrupted()
    {
        var partial = ModelTestKit.Fixture("ollama", "chat-stream-text.ndjson")[..150];
        await using var server = new LoopbackHttpServer(ModelTestKit.DropAfter(partial, Ndjson));
        var kit = new ModelTestKit().Profile("local", "ollama", server.BaseAddress);

        var error = await Assert.ThrowsAsync<ModelException>(() =>
            kit.Factory().CreateChatClient("local").GetStreamingResponseAsync(ModelTestKit.Ask("hi")).ToChatResponseAsync());

        Assert.Equal(ModelErrorKind.StreamInterrupted, error.Kind);
    }

    [Fact]
    public async Task Unknown_model_404_suggests_ollama_pull()
    {
        await using var server = new LoopbackHttpServer((_, r) => LoopbackHttpServer.WriteJsonAsync(r, """{"error":"model 'qwen9' not found"}""", 404));
        var kit = new ModelTestKit().Profile("local", "ollama", server.BaseAddress, "qwen9");

        var error = await Assert.ThrowsAsync<ModelException>(() => kit.Factory().CreateChatClient("local").GetResponseAsync(ModelTestKit.Ask("hi")));

        Assert.Equal(ModelErrorKind.ModelNotFound, error.Kind);
        Assert.Contains("ollama pull qwen9", error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Server_not_running_names_the_url()
    {
        var dead = ModelTestKit.DeadEndpoint();
        var kit = new ModelTestKit().Profile("local", "ollama", dead, configure: p => p.MaxRetries = 2);

        var error = await Assert.ThrowsAsync<ModelException>(() => kit.Factory().CreateChatClient("local").GetResponseAsync(ModelTestKit.Ask("hi")));

        Assert.Equal(ModelErrorKind.ServerUnreachable, error.Kind);
        Assert.Contains(dead.ToString(), error.Message);
        Assert.Contains("ollama serve", error.Message);
        Assert.Equal(2, kit.Delays.Count);
    }
}
