using System.Text.Json;
using Assistant.Core.Models;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Assistant.Tests.Models.OpenAI;

public sealed class OpenAIChatClientAdapterTests
{
    private const string Sse = "text/event-stream";

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task Streams_recorded_text_with_usage_at_awkward_byte_boundaries(int piece)
    {
        var body = ModelTestKit.Fixture("openai", "chat-stream-text.sse");
        await using var server = new LoopbackHttpServer(ModelTestKit.Chunked(body, piece, Sse));
        var kit = new ModelTestKit().Profile("gpt", "openai", new Uri(server.BaseAddress, "v1/"), "gpt-4o-2024-08-06");

        var response = await kit.Factory().CreateChatClient("gpt").GetStreamingResponseAsync(ModelTestKit.Ask("What's the weather like in SF?")).ToChatResponseAsync();

        Assert.StartsWith("I'm unable to provide real-time weather updates", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.NotNull(response.Usage);
        Assert.True(response.Usage!.InputTokenCount > 0 && response.Usage.OutputTokenCount > 0);
        Assert.Equal("gpt-4o-2024-08-06", response.ModelId);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.StartsWith("Bearer ", request.Header("Authorization"));
        var json = ModelTestKit.Body(request);
        Assert.True(json.GetProperty("stream").GetBoolean());
        Assert.True(json.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal("gpt-4o-2024-08-06", json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Assembles_a_tool_call_from_argument_deltas()
    {
        var body = ModelTestKit.Fixture("openai", "chat-stream-tool-call.sse");
        await using var server = new LoopbackHttpServer(ModelTestKit.Chunked(body, 11, Sse));
        var kit = new ModelTestKit().Profile("gpt", "openai", server.BaseAddress);
        var tool = AIFunctionFactory.CreateDeclaration("get_weather", "weather",
            JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}}}""").RootElement);

        var response = await kit.Factory().CreateChatClient("gpt")
            .GetStreamingResponseAsync(ModelTestKit.Ask("what's the weather in NYC?"), new ChatOptions { Tools = [tool] }).ToChatResponseAsync();

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.StartsWith("call_", call.CallId);
        Assert.Equal("New York City", call.Arguments!["city"]?.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        var sentTool = ModelTestKit.Body(server.Requests[0]).GetProperty("tools")[0];
        Assert.Equal("get_weather", sentTool.GetProperty("function").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Assembles_parallel_tool_calls_by_index()
    {
        var body = ModelTestKit.Fixture("openai", "chat-stream-parallel-tool-calls.sse");
        await using var server = new LoopbackHttpServer(ModelTestKit.Chunked(body, 2, Sse));
        var kit = new ModelTestKit().Profile("gpt", "openai", server.BaseAddress);

        var response = await kit.Factory().CreateChatClient("gpt").GetStreamingResponseAsync(ModelTestKit.Ask("Edinburgh weather and AAPL")).ToChatResponseAsync();

        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["GetWeatherArgs", "get_stock_price"], calls.Select(c => c.Name));
        Assert.Equal("Edinburgh", calls[0].Arguments!["city"]?.ToString());
        Assert.Equal("AAPL", calls[1].Arguments!["ticker"]?.ToString());
        Assert.All(calls, c => Assert.Null(c.Exception));
        Assert.NotEqual(calls[0].CallId, calls[1].CallId);
    }

    [Fact]
    public async Task Non_streaming_parallel_tool_calls_and_json_schema_response_format()
    {
        var body = ModelTestKit.Fixture("openai", "chat-parallel-tool-calls.json");
        await using var server = new LoopbackHttpServer((_, r) => LoopbackHttpServer.WriteJsonAsync(r, body));
        var kit = new ModelTestKit().Profile("gpt", "openai", server.BaseAddress);
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}""").RootElement;

        var response = await kit.Factory().CreateChatClient("gpt").GetResponseAsync(ModelTestKit.Ask("q"),
            new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "Location") });

        Assert.Equal(2, response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Count());
        Assert.NotNull(response.Usage?.TotalTokenCount);
        var format = ModelTestKit.Body(server.Requests[0]).GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("Location", format.GetProperty("json_schema").GetProperty("name").GetString());
        Assert.False(ModelTestKit.Body(server.Requests[0]).TryGetProperty("stream", out var s) && s.GetBoolean());
    }

    [Fact]
    public async Task Sse_without_done_marker_is_StreamInterrupted()
    {
        var body = ModelTestKit.Fixture("openai", "chat-stream-text.sse");
        var cut = body[..body.IndexOf("\"finish_reason\":\"stop\"", StringComparison.Ordinal)];
        cut = cut[..(cut.LastIndexOf("\n\n", StringComparison.Ordinal) + 2)];
        await using var server = new LoopbackHttpServer(ModelTestKit.Chunked(cut, 64, Sse));
        var kit = new ModelTestKit().Profile("gpt", "openai", server.BaseAddress);

        var error = await Assert.ThrowsAsync<ModelException>(() =>
            kit.Factory().CreateChatClient("gpt").GetStreamingResponseAsync(ModelTestKit.Ask("q")).ToChatResponseAsync());

        Assert.Equal(ModelErrorKind.StreamInterrupted, error.Kind);
    }

    [Fact]
    public async Task Connection_dropped_mid_stream_is_StreamInterrupted_and_not_retried()
    {
        var body = ModelTestKit.Fixture("openai", "chat-stream-text.sse");
        await using var server = new LoopbackHttpServer(ModelTestKit.DropAfter(body[..900], Sse));
        var kit = new ModelTestKit().Profile("gpt", "openai", server.BaseAddress);

        var error = await Assert.ThrowsAsync<ModelException>(() =>
            kit.Factory().CreateChatClient("gpt").GetStreamingResponseAsync(ModelTestKit.Ask("q")).ToChatResponseAsync());

        Assert.Equal(ModelErrorKind.StreamInterrupted, error.Kind);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Unauthorized_names_the_variable_and_never_the_key()
    {
        var echo = """{"error":{"message":"Incorrect API key provided: KEY.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""".Replace("KEY", ModelTestKit.FakeKey, StringComparison.Ordinal);
        await using var server = new LoopbackHttpServer((_, r) => LoopbackHttpServer.WriteJsonAsync(r, echo, 401));
        var kit = new ModelTestKit().Profile("gpt", "openai", server.BaseAddress);

        var error = await Assert.ThrowsAsync<ModelException>(() => kit.Factory().CreateChatClient("gpt").GetResponseAsync(ModelTestKit.Ask("q")));

        Assert.Equal(ModelErrorKind.Unauthorized, error.Kind);
        Assert.Contains("TEST_KEY", error.Message);
        Assert.DoesNotContain(ModelTestKit.FakeKey, error.ToString());
        Assert.Single(server.Requests); // 401 is not retried, and the SDK's own retries are off
    }

    [Fact]
    public async Task Content_filter_finish_reason_is_ContentFiltered()
    {
        var body = ModelTestKit.Fixture("openai", "chat-text.json").Replace("\"stop\"", "\"content_filter\"", StringComparison.Ordinal);
        await using var server = new LoopbackHttpServer((_, r) => LoopbackHttpServer.WriteJsonAsync(r, body));
        var kit = new ModelTestKit().Profile("gpt", "openai", server.BaseAddress);

        var error = await Assert.ThrowsAsync<ModelException>(() => kit.Factory().CreateChatClient("gpt").GetResponseAsync(ModelTestKit.Ask("q")));

        Assert.Equal(ModelErrorKind.ContentFiltered, error.Kind);
    }

    [Fact]
    public async Task Context_length_400_is_ContextLengthExceeded()
    {
        const string err = """{"error":{"message":"This model's maximum context length is 128000 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}""";
        await using var server = new LoopbackHttpServer((_, r) => LoopbackHttpServer.WriteJsonAsync(r, err, 400));
        var kit = new ModelTestKit().Profile("gpt", "openai", server.BaseAddress);

        var error = await Assert.ThrowsAsync<ModelException>(() => kit.Factory().CreateChatClient("gpt").GetResponseAsync(ModelTestKit.Ask("q")));

        Assert.Equal(ModelErrorKind.ContextLengthExceeded, error.Kind);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Embeddings_go_to_embeddings_endpoint_with_dimensions()
    {
        const string reply = """{"object":"list","data":[{"object":"embedding","index":1,"embedding":[0.5,0.25]},{"object":"embedding","index":0,"embedding":[1.0,0.0]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":4,"total_tokens":4}}""";
        await using var server = new LoopbackHttpServer((_, r) => LoopbackHttpServer.WriteJsonAsync(r, reply));
        var kit = new ModelTestKit().Profile("emb", "openai", server.BaseAddress, "text-embedding-3-small", p => { p.Kind = ModelKind.Embedding; p.Dimensions = 2; });

        var result = await kit.Factory().CreateEmbeddingGenerator("emb").GenerateAsync(["a", "b"]);

        Assert.Equal([1.0f, 0.0f], result[0].Vector.ToArray());
        Assert.Equal([0.5f, 0.25f], result[1].Vector.ToArray());
        var json = ModelTestKit.Body(Assert.Single(server.Requests));
        Assert.Equal("/embeddings", server.Requests[0].Path);
        Assert.Equal(2, json.GetProperty("dimensions").GetInt32());
        Assert.Equal(2, json.GetProperty("input").GetArrayLength());
    }
}
