using System.Text.Json;
using Assistant.Core.Models;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Assistant.Tests.Models.Anthropic;

public sealed class AnthropicChatClientAdapterTests
{
    private const string Sse = "text/event-stream; charset=utf-8";

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public async Task Streams_recorded_text_and_sends_anthropic_headers(int piece)
    {
        var body = ModelTestKit.Fixture("anthropic", "stream-text.sse");
        await using var server = new LoopbackHttpServer(ModelTestKit.Chunked(body, piece, Sse));
        var kit = new ModelTestKit().Profile("claude", "anthropic", server.BaseAddress, "claude-haiku-4-5", p => p.MaxOutputTokens = 300);

        var response = await kit.Factory().CreateChatClient("claude").GetStreamingResponseAsync(
            [new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "hi")]).ToChatResponseAsync();

        Assert.Equal("Hello there!", response.Text);
        Assert.Equal(11, response.Usage?.InputTokenCount);
        Assert.Equal(6, response.Usage?.OutputTokenCount);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/messages", request.Path);
        // Anthropic SDK 13.12 authenticates with "Authorization: Bearer <key>" (not x-api-key) and sends its own
        // anthropic-version; compare without ever printing the key.
        Assert.True(request.Header("authorization") == "Bearer " + ModelTestKit.FakeKey, "expected the key as a Bearer token");
        Assert.False(string.IsNullOrEmpty(request.Header("anthropic-version")));
        Assert.Equal("0", request.Header("x-stainless-retry-count"));
        var json = ModelTestKit.Body(request);
        Assert.Equal("claude-haiku-4-5", json.GetProperty("model").GetString());
        Assert.Equal(300, json.GetProperty("max_tokens").GetInt32());
        Assert.True(json.GetProperty("stream").GetBoolean());
        Assert.Contains("Be brief.", json.GetProperty("system").GetRawText());
        Assert.All(json.GetProperty("messages").EnumerateArray(), m => Assert.NotEqual("system", m.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task Streams_text_then_tool_use_assembled_from_input_json_deltas()
    {
        var body = ModelTestKit.Fixture("anthropic", "stream-text-then-tool_use.sse");
        await using var server = new LoopbackHttpServer(ModelTestKit.Chunked(body, 3, Sse));
        var kit = new ModelTestKit().Profile("claude", "anthropic", server.BaseAddress);
        var tool = AIFunctionFactory.CreateDeclaration("get_weather", "weather",
            JsonDocument.Parse("""{"type":"object","properties":{"location":{"type":"string"}}}""").RootElement);

        var response = await kit.Factory().CreateChatClient("claude")
            .GetStreamingResponseAsync(ModelTestKit.Ask("weather in Paris"), new ChatOptions { Tools = [tool] }).ToChatResponseAsync();

        Assert.Contains("check the current weather in Paris", response.Text);
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("toolu_01NRLabsLyVHZPKxbKvkfSMn", call.CallId);
        Assert.Equal("Paris", call.Arguments!["location"]?.ToString());
        Assert.Equal("get_weather", ModelTestKit.Body(server.Requests[0]).GetProperty("tools")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Refusal_stop_reason_is_ContentFiltered()
    {
        var body = ModelTestKit.Fixture("anthropic", "stream-refusal.sse");
        await using var server = new LoopbackHttpServer(ModelTestKit.Chunked(body, 13, Sse));
        var kit = new ModelTestKit().Profile("claude", "anthropic", server.BaseAddress);

        var error = await Assert.ThrowsAsync<ModelException>(() =>
            kit.Factory().CreateChatClient("claude").GetStreamingResponseAsync(ModelTestKit.Ask("q")).ToChatResponseAsync());

        Assert.Equal(ModelErrorKind.ContentFiltered, error.Kind);
    }

    [Fact]
    public async Task Stream_without_message_stop_is_StreamInterrupted()
    {
        var body = ModelTestKit.Fixture("anthropic", "stream-text.sse");
        var cut = body[..body.IndexOf("event: content_block_stop", StringComparison.Ordinal)];
        await using var server = new LoopbackHttpServer(ModelTestKit.Chunked(cut, 5, Sse));
        var kit = new ModelTestKit().Profile("claude", "anthropic", server.BaseAddress);

        var error = await Assert.ThrowsAsync<ModelException>(() =>
            kit.Factory().CreateChatClient("claude").GetStreamingResponseAsync(ModelTestKit.Ask("q")).ToChatResponseAsync());

        Assert.Equal(ModelErrorKind.StreamInterrupted, error.Kind);
    }

    [Fact]
    public async Task Rate_limit_429_is_retried_only_by_our_middleware_honouring_retry_after()
    {
        const string limited = """{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}""";
        var body = ModelTestKit.Fixture("anthropic", "stream-text.sse");
        await using var server = new LoopbackHttpServer(ModelTestKit.FailFirst(2, 429, limited, ModelTestKit.Chunked(body, 50, Sse),
            new Dictionary<string, string> { ["retry-after"] = "7", ["x-should-retry"] = "true" }));
        var kit = new ModelTestKit().Profile("claude", "anthropic", server.BaseAddress);

        var response = await kit.Factory().CreateChatClient("claude").GetStreamingResponseAsync(ModelTestKit.Ask("q")).ToChatResponseAsync();

        Assert.Equal("Hello there!", response.Text);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7)], kit.Delays);
    }

    [Fact]
    public async Task Bad_request_400_is_BadRequest_with_the_server_message()
    {
        const string err = """{"type":"error","error":{"type":"invalid_request_error","message":"messages.1.content.0: unexpected tool_use_id"}}""";
        await using var server = new LoopbackHttpServer((_, r) => LoopbackHttpServer.WriteJsonAsync(r, err, 400));
        var kit = new ModelTestKit().Profile("claude", "anthropic", server.BaseAddress);

        var error = await Assert.ThrowsAsync<ModelException>(() => kit.Factory().CreateChatClient("claude").GetResponseAsync(ModelTestKit.Ask("q")));

        Assert.Equal(ModelErrorKind.BadRequest, error.Kind);
        Assert.Contains("unexpected tool_use_id", error.Message);
        Assert.Single(server.Requests);
    }
}
