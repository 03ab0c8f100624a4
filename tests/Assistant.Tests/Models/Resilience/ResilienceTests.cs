using System.Globalization;
using Assistant.Core.Models;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Assistant.Tests.Models.Resilience;

public sealed class ResilienceTests
{
    private const string ServerError = """{"error":"model runner crashed"}""";

    private static string OllamaAnswer => ModelTestKit.Fixture("ollama", "chat-nostream.json");

    [Fact]
    public async Task Retry_after_in_seconds_is_honoured_then_success()
    {
        await using var server = new LoopbackHttpServer(ModelTestKit.FailFirst(1, 429, """{"error":"slow down"}""",
            (_, r) => LoopbackHttpServer.WriteJsonAsync(r, OllamaAnswer), new Dictionary<string, string> { ["Retry-After"] = "3" }));
        var kit = new ModelTestKit().Profile("local", "ollama", server.BaseAddress);

        var response = await kit.Factory().CreateChatClient("local").GetResponseAsync(ModelTestKit.Ask("hi"));

        Assert.Equal("Hello! How are you today?", response.Text);
        Assert.Equal([TimeSpan.FromSeconds(3)], kit.Delays);
    }

    [Fact]
    public async Task Retry_after_as_http_date_is_honoured()
    {
        var when = DateTimeOffset.UtcNow.AddSeconds(30).ToString("r", CultureInfo.InvariantCulture);
        await using var server = new LoopbackHttpServer(ModelTestKit.FailFirst(1, 503, ServerError,
            (_, r) => LoopbackHttpServer.WriteJsonAsync(r, OllamaAnswer), new Dictionary<string, string> { ["Retry-After"] = when }));
        var kit = new ModelTestKit().Profile("local", "ollama", server.BaseAddress);

        await kit.Factory().CreateChatClient("local").GetResponseAsync(ModelTestKit.Ask("hi"));

        var delay = Assert.Single(kit.Delays);
        Assert.InRange(delay.TotalSeconds, 25, 31);
    }

    [Fact]
    public async Task Server_errors_back_off_exponentially_then_give_up()
    {
        await using var server = new LoopbackHttpServer((_, r) => LoopbackHttpServer.WriteJsonAsync(r, ServerError, 500));
        var kit = new ModelTestKit().Profile("local", "ollama", server.BaseAddress, configure: p => p.MaxRetries = 3);

        var error = await Assert.ThrowsAsync<ModelException>(() => kit.Factory().CreateChatClient("local").GetResponseAsync(ModelTestKit.Ask("hi")));

        Assert.Equal(ModelErrorKind.ServerError, error.Kind);
        Assert.Contains("model runner crashed", error.Message);
        Assert.Equal(4, server.Requests.Count);
        // Random() is 0.5 in tests: equal jitter gives 0.75 × (1 s, 2 s, 4 s).
        Assert.Equal([0.75, 1.5, 3.0], kit.Delays.Select(d => d.TotalSeconds));
    }

    [Fact]
    public async Task A_stream_that_fails_before_the_first_update_is_retried()
    {
        var body = ModelTestKit.Fixture("ollama", "chat-stream-text.ndjson");
        await using var server = new LoopbackHttpServer(ModelTestKit.FailFirst(2, 502, ServerError, ModelTestKit.Chunked(body, 9, "application/x-ndjson")));
        var kit = new ModelTestKit().Profile("local", "ollama", server.BaseAddress);

        var response = await kit.Factory().CreateChatClient("local").GetStreamingResponseAsync(ModelTestKit.Ask("hi")).ToChatResponseAsync();

        Assert.Equal("The sky is blue — 하늘.", response.Text);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_slow_server_hits_the_profile_timeout()
    {
        await using var server = new LoopbackHttpServer(async (_, r) =>
        {
            await Task.Delay(3000);
            await LoopbackHttpServer.WriteJsonAsync(r, OllamaAnswer);
        });
        var kit = new ModelTestKit { TimeoutOverride = TimeSpan.FromMilliseconds(200) }.Profile("local", "ollama", server.BaseAddress, configure: p => p.MaxRetries = 1);
        var error = await Assert.ThrowsAsync<ModelException>(() => kit.Factory().CreateChatClient("local").GetResponseAsync(ModelTestKit.Ask("hi")));

        Assert.Equal(ModelErrorKind.Timeout, error.Kind);
        Assert.Contains("TimeoutSeconds", error.Message);
        // The server would answer successfully after 3 s, so a Timeout error proves the 200 ms limit fired; no
        // wall-clock assertion, which a loaded CI machine could break.
        Assert.Equal(2, server.Requests.Count); // timeouts before any answer count as transient
    }

    [Fact]
    public async Task A_stream_that_stalls_times_out()
    {
        var first = ModelTestKit.Fixture("ollama", "chat-stream-text.ndjson").Split('\n')[0] + "\n";
        await using var server = new LoopbackHttpServer(async (_, r) =>
        {
            r.ContentType = "application/x-ndjson";
            r.SendChunked = true;
            await r.OutputStream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(first));
            await r.OutputStream.FlushAsync();
            await Task.Delay(3000);
            r.Abort();
        });
        var kit = new ModelTestKit { TimeoutOverride = TimeSpan.FromMilliseconds(300) }.Profile("local", "ollama", server.BaseAddress);
        var text = "";

        var error = await Assert.ThrowsAsync<ModelException>(async () =>
        {
            await foreach (var u in kit.Factory().CreateChatClient("local").GetStreamingResponseAsync(ModelTestKit.Ask("hi")))
            {
                text += u.Text;
            }
        });

        Assert.Equal(ModelErrorKind.Timeout, error.Kind);
        Assert.Equal("The", text);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Falls_back_to_another_profile_when_the_primary_is_unreachable()
    {
        await using var backup = new LoopbackHttpServer((_, r) => LoopbackHttpServer.WriteJsonAsync(r, OllamaAnswer));
        var kit = new ModelTestKit()
            .Profile("primary", "ollama", ModelTestKit.DeadEndpoint(), "big-model", p => { p.Fallback = "backup"; p.MaxRetries = 1; })
            .Profile("backup", "ollama", backup.BaseAddress, "llama3.1");

        var response = await kit.Factory().CreateChatClient("primary").GetResponseAsync(ModelTestKit.Ask("hi"));

        var info = ModelCallInfo.From(response);
        Assert.Equal("backup", info.Profile);
        Assert.Equal("primary", info.FallbackFrom);
        Assert.Equal("llama3.1", info.ModelId);
        Assert.Equal("llama3.1", ModelTestKit.Body(Assert.Single(backup.Requests)).GetProperty("model").GetString());
    }

    [Fact]
    public async Task Streaming_falls_back_after_retries_are_exhausted_on_429()
    {
        var body = ModelTestKit.Fixture("openai", "chat-stream-text.sse");
        await using var primary = new LoopbackHttpServer((_, r) => LoopbackHttpServer.WriteJsonAsync(r, """{"error":{"message":"Rate limit reached","type":"requests"}}""", 429,
            new Dictionary<string, string> { ["retry-after"] = "1" }));
        await using var backup = new LoopbackHttpServer(ModelTestKit.Chunked(body, 7, "text/event-stream"));
        var kit = new ModelTestKit()
            .Profile("openai", "openai", primary.BaseAddress, "gpt-4o-mini", p => { p.Fallback = "groq"; p.MaxRetries = 2; })
            .Profile("groq", "openai-compatible", backup.BaseAddress, "llama-3.1-8b-instant");

        var updates = await kit.Factory().CreateChatClient("openai").GetStreamingResponseAsync(ModelTestKit.Ask("hi")).ToListAsync();
        var response = updates.ToChatResponse();

        Assert.StartsWith("I'm unable to provide", response.Text);
        Assert.Equal(3, primary.Requests.Count);
        var info = ModelCallInfo.From(response);
        Assert.Equal("openai", info.FallbackFrom);
        Assert.Equal("groq", info.Profile);
        Assert.NotNull(info.TimeToFirstTokenMs);
        Assert.NotNull(info.TotalMs);
        Assert.True(info.TotalTokens > 0);
    }

    [Fact]
    public async Task Non_transient_errors_do_not_fall_back()
    {
        await using var primary = new LoopbackHttpServer((_, r) => LoopbackHttpServer.WriteJsonAsync(r, """{"error":"model 'x' not found"}""", 404));
        await using var backup = new LoopbackHttpServer((_, r) => LoopbackHttpServer.WriteJsonAsync(r, OllamaAnswer));
        var kit = new ModelTestKit()
            .Profile("primary", "ollama", primary.BaseAddress, "x", p => p.Fallback = "backup")
            .Profile("backup", "ollama", backup.BaseAddress);

        var error = await Assert.ThrowsAsync<ModelException>(() => kit.Factory().CreateChatClient("primary").GetResponseAsync(ModelTestKit.Ask("hi")));

        Assert.Equal(ModelErrorKind.ModelNotFound, error.Kind);
        Assert.Empty(backup.Requests);
    }
}
