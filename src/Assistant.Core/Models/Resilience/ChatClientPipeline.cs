using Microsoft.Extensions.AI;

namespace Assistant.Core.Models.Resilience;

/// <summary>
/// A tiny stand-in for Microsoft.Extensions.AI's ChatClientBuilder (that package is not available here):
/// middleware is added outermost-first with <c>UseXxx()</c> calls and <see cref="Build"/> wraps the inner client.
/// </summary>
public sealed class ChatClientPipeline
{
    private readonly IChatClient _inner;
    private readonly List<Func<IChatClient, IChatClient>> _layers = [];

    public ChatClientPipeline(IChatClient inner)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    }

    /// <summary>Adds a layer; the first one added ends up outermost, as in ChatClientBuilder.</summary>
    public ChatClientPipeline Use(Func<IChatClient, IChatClient> layer)
    {
        _layers.Add(layer ?? throw new ArgumentNullException(nameof(layer)));
        return this;
    }

    public IChatClient Build()
    {
        var client = _inner;
        for (var i = _layers.Count - 1; i >= 0; i--)
        {
            client = _layers[i](client);
        }

        return client;
    }
}

/// <summary>One <c>UseXxx()</c> per middleware, so a pipeline reads top to bottom in call order.</summary>
public static class ChatClientPipelineExtensions
{
    public static ChatClientPipeline AsPipeline(this IChatClient inner) => new(inner);

    public static ChatClientPipeline UseTiming(this ChatClientPipeline pipeline, TimeProvider? time = null) =>
        pipeline.Use(inner => new TimingChatClient(inner, time ?? TimeProvider.System));

    public static ChatClientPipeline UseFallback(this ChatClientPipeline pipeline, string fromProfile, Func<IChatClient> fallback) =>
        pipeline.Use(inner => new FallbackChatClient(inner, fromProfile, fallback));

    public static ChatClientPipeline UseRetry(this ChatClientPipeline pipeline, RetryPolicy policy) =>
        pipeline.Use(inner => new RetryingChatClient(inner, policy));

    public static ChatClientPipeline UseTimeout(this ChatClientPipeline pipeline, string profile, TimeSpan timeout, TimeProvider? time = null) =>
        pipeline.Use(inner => new TimeoutChatClient(inner, profile, timeout, time ?? TimeProvider.System));

    public static ChatClientPipeline UseProfileLabel(this ChatClientPipeline pipeline, string profile) =>
        pipeline.Use(inner => new ProfileLabelChatClient(inner, profile));
}
