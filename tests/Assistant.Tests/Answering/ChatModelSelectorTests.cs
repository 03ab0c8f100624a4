using Assistant.Core.Answering;
using Assistant.Core.Models;
using Microsoft.Extensions.AI;
using Assistant.Tests.Models;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Answering;

/// <summary>
/// The selector asks for a model on every question (every server message): it probes only the default profile, over a
/// real socket, and trusts a usable one for <see cref="ChatModelSelector.UsableFor"/> before probing it again.
/// </summary>
public sealed class ChatModelSelectorTests : IAsyncLifetime
{
    private readonly LoopbackHttpServer _main = new((_, r) => LoopbackHttpServer.WriteJsonAsync(r, """{"object":"list","data":[]}"""));
    private readonly LoopbackHttpServer _other = new((_, r) => LoopbackHttpServer.WriteJsonAsync(r, """{"object":"list","data":[]}"""));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _main.DisposeAsync();
        await _other.DisposeAsync();
    }

    [Fact]
    public async Task A_usable_default_is_probed_once_per_period_and_no_other_profile_is_probed()
    {
        var kit = new ModelTestKit()
            .Profile("main", ModelProviders.OpenAICompatible, _main.BaseAddress)
            .Profile("other", ModelProviders.OpenAICompatible, _other.BaseAddress);
        var factory = kit.Factory();
        var time = new ManualTime();
        var selector = new ChatModelSelector(factory, new ModelCatalog(factory), time);

        for (var i = 0; i < 3; i++)
        {
            var selection = await selector.SelectAsync(null, CancellationToken.None);
            using var chat = selection.Chat;
            Assert.Equal("main", chat?.Profile);
            Assert.Null(selection.Notice);
        }

        Assert.Single(_main.Requests, r => r.Method == "GET" && r.Path.EndsWith("/models", StringComparison.Ordinal));
        Assert.Empty(_other.Requests);

        time.Advance(ChatModelSelector.UsableFor + TimeSpan.FromSeconds(1));
        using (var again = (await selector.SelectAsync(null, CancellationToken.None)).Chat) Assert.Equal("main", again?.Profile);
        Assert.Equal(2, _main.Requests.Count(r => r.Method == "GET"));
        Assert.Empty(_other.Requests);
    }

    [Fact]
    public async Task A_profile_has_one_client_shared_by_its_selections_and_a_disposed_selection_leaves_it_working()
    {
        var completion = ModelTestKit.Fixture("openai", "chat-text.json");
        await using var model = new LoopbackHttpServer((request, response) => LoopbackHttpServer.WriteJsonAsync(
            response, request.Method == "GET" ? """{"object":"list","data":[]}""" : completion));
        var kit = new ModelTestKit()
            .Profile("main", ModelProviders.OpenAICompatible, model.BaseAddress)
            .Profile("other", ModelProviders.OpenAICompatible, _other.BaseAddress);
        var factory = kit.Factory();
        using var selector = new ChatModelSelector(factory, new ModelCatalog(factory));

        var first = (await selector.SelectAsync(null, CancellationToken.None)).Chat!;
        first.Dispose();
        using var second = (await selector.SelectAsync("main", CancellationToken.None)).Chat!;
        using var other = (await selector.SelectAsync("other", CancellationToken.None)).Chat!;

        Assert.True(second.Shared);
        Assert.Same(first.Client, second.Client);
        Assert.NotSame(second.Client, other.Client);
        var answer = await second.Client.GetResponseAsync("Weather in San Francisco?");
        Assert.StartsWith("I'm unable to provide real-time weather", answer.Text, StringComparison.Ordinal);
        Assert.Single(model.Requests, r => r.Method == "POST");
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
