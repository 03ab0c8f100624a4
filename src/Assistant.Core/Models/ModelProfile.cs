namespace Assistant.Core.Models;

/// <summary>Whether a profile generates chat answers or embeddings.</summary>
public enum ModelKind
{
    Chat,
    Embedding,
}

/// <summary>One configured model: provider, model name, endpoint, the NAME of the key's environment variable, limits and prices.</summary>
public sealed class ModelProfile
{
    /// <summary>One of <see cref="ModelProviders.Known"/>.</summary>
    public string Provider { get; set; } = "";

    public string Model { get; set; } = "";

    /// <summary>Base URL; when empty the provider's default is used (Azure and openai-compatible need one).</summary>
    public string? Endpoint { get; set; }

    /// <summary>Name of the environment variable that holds the API key. Never the key itself.</summary>
    public string? ApiKeyEnv { get; set; }

    public float? Temperature { get; set; }

    public int? MaxOutputTokens { get; set; }

    public int? ContextWindow { get; set; }

    public decimal? PricePerMillionInput { get; set; }

    public decimal? PricePerMillionOutput { get; set; }

    /// <summary>Another profile to call when this one is unreachable or keeps failing after retries.</summary>
    public string? Fallback { get; set; }

    /// <summary>
    /// A non-streamed call must finish within this; a streamed answer, once its first part arrived, may not stall
    /// longer than this between parts (a long answer that keeps coming is never cut).
    /// </summary>
    public int TimeoutSeconds { get; set; } = 100;

    /// <summary>
    /// A streamed answer must start (first update from the server) within this. Not retried on the same profile, so
    /// a server that accepts and never answers costs this once before the fallback. Raise it for a local model that
    /// needs long to load or to read a long prompt on a CPU.
    /// </summary>
    public int FirstTokenTimeoutSeconds { get; set; } = DefaultFirstTokenTimeoutSeconds;

    /// <summary>Opening the TCP connection must take no longer than this (not retried either).</summary>
    public int ConnectTimeoutSeconds { get; set; } = DefaultConnectTimeoutSeconds;

    public const int DefaultFirstTokenTimeoutSeconds = 20;

    public const int DefaultConnectTimeoutSeconds = 5;

    public int MaxRetries { get; set; } = 3;

    public ModelKind Kind { get; set; } = ModelKind.Chat;

    /// <summary>Embedding vector size (embedding profiles only); sent to providers that can shorten vectors.</summary>
    public int? Dimensions { get; set; }

    public Uri ResolveEndpoint() =>
        !string.IsNullOrWhiteSpace(Endpoint)
            ? new Uri(Endpoint.EndsWith('/') ? Endpoint : Endpoint + "/")
            : ModelProviders.DefaultEndpoint(Provider)
              ?? throw new InvalidOperationException($"Provider '{Provider}' needs an Endpoint (no default exists).");

    /// <summary>Cost in the profile's currency for the given token counts, when prices are configured.</summary>
    public decimal? EstimateCost(long inputTokens, long outputTokens) =>
        PricePerMillionInput is null && PricePerMillionOutput is null
            ? null
            : ((PricePerMillionInput ?? 0) * inputTokens + (PricePerMillionOutput ?? 0) * outputTokens) / 1_000_000m;
}
