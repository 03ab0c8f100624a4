using Assistant.Core.Models;
using Assistant.Core.Models.Http;
using Assistant.Core.Models.Resilience;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;

namespace Assistant.Tests.Models.Resilience;

/// <summary>
/// Failures that must say what happened (issue 9): the error after a fallback chain names every profile tried and why,
/// and a server that accepts and never answers, or never accepts, costs one short timeout rather than four long ones.
/// Timeouts are set in milliseconds; no test asserts elapsed wall-clock time.
/// </summary>
public sealed class ModelFailureTests
{
    private static string OllamaAnswer => ModelTestKit.Fixture("ollama", "chat-nostream.json");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_primary_failing_with_500_and_an_unreachable_fallback_name_both_with_reasons(bool streaming)
    {
        await using var primary = new LoopbackHttpServer((_, r) => LoopbackHttpServer.WriteJsonAsync(r, """{"error":{"message":"upstream crashed","type":"server_error"}}""", 500));
        var dead = ModelTestKit.DeadEndpoint();
        var kit = new ModelTestKit()
            .Profile("openai", "openai", primary.BaseAddress, "gpt-4o-mini", p => { p.Fallback = "ollama-llama"; p.MaxRetries = 3; })
            .Profile("ollama-llama", "ollama", dead, "llama3.1", p => p.MaxRetries = 0);
        var client = kit.Factory().CreateChatClient("openai");

        var error = await Assert.ThrowsAsync<ModelException>(() => streaming
            ? client.GetStreamingResponseAsync(ModelTestKit.Ask("hi")).ToListAsync().AsTask()
            : client.GetResponseAsync(ModelTestKit.Ask("hi")));

        var where = dead.ToString().TrimEnd('/');
        Assert.Equal(
            [new ModelAttempt("openai", ModelErrorKind.ServerError, "HTTP 500 after 3 retries"), new ModelAttempt("ollama-llama", ModelErrorKind.ServerUnreachable, $"not running at {where}")],
            error.Attempts);
        Assert.StartsWith($"Every model profile tried failed — openai: HTTP 500 after 3 retries; ollama-llama: not running at {where}. Last error: ", error.Message);
        Assert.Contains("Is Ollama running?", error.Message); // the last failure's fix is still there
        Assert.Equal((ModelErrorKind.ServerUnreachable, "ollama-llama"), (error.Kind, error.Profile));
        Assert.DoesNotContain('\n', error.Message); // the CLI prints it as one line
        Assert.DoesNotContain(ModelTestKit.FakeKey, error.Message);
        Assert.Equal(4, primary.Requests.Count);
    }

    [Fact]
    public async Task A_chain_of_three_lists_all_three_and_keeps_the_last_kind()
    {
        await using var first = new LoopbackHttpServer((_, r) => LoopbackHttpServer.WriteJsonAsync(r, """{"error":"boom"}""", 503));
        var kit = new ModelTestKit()
            .Profile("a", "ollama", first.BaseAddress, "m", p => { p.Fallback = "b"; p.MaxRetries = 1; })
            .Profile("b", "openai-compatible", ModelTestKit.DeadEndpoint(), "m", p => { p.Fallback = "c"; p.MaxRetries = 0; })
            .Profile("c", "openai", new Uri("http://127.0.0.1:9/v1/"), "gpt-4o-mini", p => p.ApiKeyEnv = "UNSET_TEST_KEY");

        var error = await Assert.ThrowsAsync<ModelException>(() => kit.Factory().CreateChatClient("a").GetResponseAsync(ModelTestKit.Ask("hi")));

        Assert.Equal(["a: HTTP 503 after 1 retry", "b: unreachable at", "c: UNSET_TEST_KEY is not set"],
            error.Attempts.Select(a => a.Reason.StartsWith("unreachable at", StringComparison.Ordinal) ? $"{a.Profile}: unreachable at" : $"{a.Profile}: {a.Reason}"));
        Assert.Equal(ModelErrorKind.MissingApiKey, error.Kind);
        Assert.Contains("export UNSET_TEST_KEY=", error.Message);
    }

    [Fact]
    public async Task A_single_profile_error_is_unchanged_and_has_one_attempt()
    {
        await using var server = new LoopbackHttpServer((_, r) => LoopbackHttpServer.WriteJsonAsync(r, """{"error":"model runner crashed"}""", 500));
        var kit = new ModelTestKit().Profile("local", "ollama", server.BaseAddress, configure: p => p.MaxRetries = 2);

        var error = await Assert.ThrowsAsync<ModelException>(() => kit.Factory().CreateChatClient("local").GetResponseAsync(ModelTestKit.Ask("hi")));

        Assert.StartsWith("Server error 500 from ollama profile 'local'", error.Message);
        Assert.Equal(new ModelAttempt("local", ModelErrorKind.ServerError, "HTTP 500 after 2 retries"), Assert.Single(error.Attempts));
    }

    [Fact]
    public async Task A_server_that_accepts_and_never_answers_fails_at_the_first_token_timeout_without_retrying()
    {
        await using var silent = new SilentServer();
        var kit = new ModelTestKit { FirstTokenTimeoutOverride = TimeSpan.FromMilliseconds(300) }
            .Profile("local", "ollama", silent.BaseAddress, "llama3.1", p => p.MaxRetries = 3);

        var error = await Assert.ThrowsAsync<ModelException>(() =>
            kit.Factory().CreateChatClient("local").GetStreamingResponseAsync(ModelTestKit.Ask("hi")).ToListAsync().AsTask());

        Assert.Equal(ModelErrorKind.Timeout, error.Kind);
        Assert.True(error.DoNotRetry);
        Assert.Contains("no first token within 0.3 s", error.Message);
        Assert.Contains("Models:Profiles:local:FirstTokenTimeoutSeconds", error.Message);
        Assert.Equal("no first token within 0.3 s", Assert.Single(error.Attempts).Reason);
        Assert.Empty(kit.Delays); // not retried: one timeout, not four
        Assert.Equal(1, silent.Accepted);
    }

    [Fact]
    public async Task A_silent_primary_falls_back_after_one_first_token_timeout()
    {
        await using var silent = new SilentServer();
        await using var backup = new LoopbackHttpServer(ModelTestKit.Chunked(ModelTestKit.Fixture("ollama", "chat-stream-text.ndjson"), 9, "application/x-ndjson"));
        var kit = new ModelTestKit { FirstTokenTimeoutOverride = TimeSpan.FromMilliseconds(300) }
            .Profile("openai", "openai", silent.BaseAddress, "gpt-4o-mini", p => p.Fallback = "ollama-llama")
            .Profile("ollama-llama", "ollama", backup.BaseAddress, "llama3.1");

        var response = await kit.Factory().CreateChatClient("openai").GetStreamingResponseAsync(ModelTestKit.Ask("hi")).ToChatResponseAsync();

        Assert.Equal("The sky is blue — 하늘.", response.Text);
        Assert.Equal(("ollama-llama", "openai"), (ModelCallInfo.From(response).Profile, ModelCallInfo.From(response).FallbackFrom));
        Assert.Contains("no first token", response.AdditionalProperties![ModelResponseKeys.FallbackReason]!.ToString());
        Assert.Equal(1, silent.Accepted);
    }

    [Fact]
    public async Task The_first_token_limit_ends_with_the_first_update_after_which_the_stall_limit_applies()
    {
        // In process, so no connector start-up sits before the first update: it comes at once, the second 600 ms
        // later. Had the 200 ms first-token limit stayed on after the first update, the second would be cut off.
        var inner = new PacedChatClient(TimeSpan.FromMilliseconds(600), "first ", "second");
        using var client = new TimeoutChatClient(inner, "local", TimeSpan.FromSeconds(30), TimeProvider.System, firstToken: TimeSpan.FromMilliseconds(200));

        var response = await client.GetStreamingResponseAsync(ModelTestKit.Ask("hi")).ToChatResponseAsync();

        Assert.Equal("first second", response.Text);
    }

    private sealed class PacedChatClient(TimeSpan gap, params string[] pieces) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            for (var i = 0; i < pieces.Length; i++)
            {
                if (i > 0) await Task.Delay(gap, cancellationToken);
                yield return new ChatResponseUpdate(ChatRole.Assistant, pieces[i]);
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task A_connection_that_is_never_accepted_fails_at_the_connect_timeout_without_retrying()
    {
        using var listener = await FullBacklogListener.CreateAsync();
        Assert.True(listener is not null, "the loopback listener's full accept queue should make a new connect hang on Linux");
        var kit = new ModelTestKit { ConnectTimeoutOverride = TimeSpan.FromMilliseconds(300) }
            .Profile("remote", "openai-compatible", listener.BaseAddress, "m", p => p.MaxRetries = 3);

        var error = await Assert.ThrowsAsync<ModelException>(() => kit.Factory().CreateChatClient("remote").GetResponseAsync(ModelTestKit.Ask("hi")));

        Assert.Equal(ModelErrorKind.ServerUnreachable, error.Kind);
        Assert.True(error.DoNotRetry);
        Assert.Contains("within 0.3 s", error.Message);
        Assert.Contains("Models:Profiles:remote:ConnectTimeoutSeconds", error.Message);
        Assert.Equal($"no connection within 0.3 s to {listener.BaseAddress.ToString().TrimEnd('/')}", Assert.Single(error.Attempts).Reason);
        Assert.Empty(kit.Delays);
    }

    [Fact]
    public void Timeouts_have_short_defaults_and_are_validated()
    {
        var profile = new ModelProfile { Provider = "ollama", Model = "m" };
        Assert.Equal((100, 20, 5), (profile.TimeoutSeconds, profile.FirstTokenTimeoutSeconds, profile.ConnectTimeoutSeconds));

        var options = new ModelsOptions { Profiles = { ["p"] = new ModelProfile { Provider = "ollama", Model = "m", FirstTokenTimeoutSeconds = 0, ConnectTimeoutSeconds = -1 } } };
        var result = new ModelsOptionsValidator().Validate(null, options);

        Assert.Contains("Models:Profiles:p:FirstTokenTimeoutSeconds must be positive (got 0).", result.Failures!);
        Assert.Contains("Models:Profiles:p:ConnectTimeoutSeconds must be positive (got -1).", result.Failures!);
    }

    [Fact]
    public void The_shipped_chain_gives_up_on_a_dead_cloud_server_within_about_30_seconds()
    {
        var config = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepoPaths.Root, "appsettings.json")).Build();
        var options = new ModelsOptions();
        config.GetSection(ModelsOptions.SectionName).Bind(options);

        // Cloud profiles: one connect or first-token timeout, not retried, then the fallback (a local server that is
        // either not running, refused at once, or answering).
        foreach (var name in (string[])["openai", "azure-openai", "anthropic", "anthropic-haiku", "gemini", "mistral", "deepseek"])
        {
            var profile = options.Profiles[name];
            Assert.True(profile.FirstTokenTimeoutSeconds + profile.ConnectTimeoutSeconds <= 30, $"{name}: {profile.FirstTokenTimeoutSeconds} + {profile.ConnectTimeoutSeconds} s");
        }

        // Local profiles allow a model to load, and say so in the file.
        Assert.Equal(60, options.Profiles["ollama-llama"].FirstTokenTimeoutSeconds);
    }

    [Fact]
    public void The_shared_transport_applies_the_connect_limit_itself()
    {
        using var handler = ModelHttpTransport.CreateHandler();
        Assert.NotNull(handler.ConnectCallback);
        Assert.Equal(TimeSpan.FromMinutes(5), handler.PooledConnectionLifetime);
    }
}
