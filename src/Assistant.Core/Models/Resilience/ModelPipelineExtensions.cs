using Microsoft.Extensions.AI;

namespace Assistant.Core.Models.Resilience;

/// <summary>
/// <c>UseXxx()</c> for our own middleware on Microsoft.Extensions.AI's <see cref="ChatClientBuilder"/> and
/// <see cref="EmbeddingGeneratorBuilder{TInput,TEmbedding}"/>; the first one added ends up outermost.
/// </summary>
public static class ModelPipelineExtensions
{
    public static ChatClientBuilder UseTiming(this ChatClientBuilder builder, TimeProvider? time = null) =>
        builder.Use(inner => new TimingChatClient(inner, time ?? TimeProvider.System));

    public static ChatClientBuilder UseFallback(this ChatClientBuilder builder, string fromProfile, Func<IChatClient> fallback, string? toProfile = null) =>
        builder.Use(inner => new FallbackChatClient(inner, fromProfile, fallback, toProfile));

    public static ChatClientBuilder UseRetry(this ChatClientBuilder builder, RetryPolicy policy) =>
        builder.Use(inner => new RetryingChatClient(inner, policy));

    public static ChatClientBuilder UseTimeout(this ChatClientBuilder builder, string profile, TimeSpan timeout, TimeProvider? time = null, TimeSpan? firstToken = null) =>
        builder.Use(inner => new TimeoutChatClient(inner, profile, timeout, time ?? TimeProvider.System, firstToken));

    public static ChatClientBuilder UseProfileLabel(this ChatClientBuilder builder, string profile) =>
        builder.Use(inner => new ProfileLabelChatClient(inner, profile));

    public static ChatClientBuilder UseConnectorGuard(this ChatClientBuilder builder, ModelCallContext context) =>
        builder.Use(inner => new ConnectorGuardChatClient(inner, context));

    /// <summary>A profile's Temperature, MaxOutputTokens and (Ollama) context size, where the caller did not choose them.</summary>
    public static ChatClientBuilder UseProfileDefaults(this ChatClientBuilder builder, ModelProfile profile, bool ollama) =>
        builder.ConfigureOptions(o =>
        {
            o.Temperature ??= profile.Temperature;
            o.MaxOutputTokens ??= profile.MaxOutputTokens;
            if (ollama && profile.ContextWindow is { } numCtx)
            {
                // OllamaSharp copies unknown AdditionalProperties into the request's "options" (verified on the wire, NOTES §4).
                o.AdditionalProperties ??= [];
                o.AdditionalProperties.TryAdd("num_ctx", numCtx);
            }
        });

    public static EmbeddingGeneratorBuilder<string, Embedding<float>> UseRetryAndTimeout(
        this EmbeddingGeneratorBuilder<string, Embedding<float>> builder, RetryPolicy policy, string profile, TimeSpan timeout, TimeProvider time) =>
        builder.Use(inner => new RetryingEmbeddingGenerator(inner, policy, profile, timeout, time));

    public static EmbeddingGeneratorBuilder<string, Embedding<float>> UseEmbeddingGuard(
        this EmbeddingGeneratorBuilder<string, Embedding<float>> builder, ModelCallContext context, int? dimensions) =>
        builder.Use(inner => new EmbeddingGuardGenerator(inner, context, dimensions));
}
