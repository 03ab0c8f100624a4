using Assistant.Core.Models.Anthropic;
using Assistant.Core.Models.Http;
using Assistant.Core.Models.OpenAI;
using Assistant.Core.Models.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OllamaSharp;
using OAIChat = OpenAI.Chat;
using OAIEmbeddings = OpenAI.Embeddings;

namespace Assistant.Core.Models;

/// <summary>
/// The composition root for models: the one place that switches on a profile's provider. The connectors are the
/// libraries' (OpenAI SDK + Microsoft.Extensions.AI.OpenAI, OllamaSharp, Anthropic SDK); every chat client is built
/// with <see cref="ChatClientBuilder"/> as OpenTelemetry → Logging → Timing → Fallback → Retry → Timeout (first token, stalls, total) → ProfileLabel
/// → profile defaults (ConfigureOptions) → ConnectorGuard → connector, and every embedding generator as
/// OpenTelemetry → Logging → Retry+Timeout → EmbeddingGuard (sizes) → connector.
/// </summary>
public sealed class ModelProfileFactory
{
    /// <summary>The ActivitySource name of M.E.AI's OpenTelemetry spans for model calls.</summary>
    public const string TelemetrySource = "Assistant.Models";

    private const int MaxFallbackDepth = 8;
    private readonly ModelsOptions _options;
    private readonly ModelFactorySettings _settings;
    private readonly Lazy<HttpMessageHandler> _sharedHandler;

    public ModelProfileFactory(IOptions<ModelsOptions> options, ModelFactorySettings? settings = null)
    {
        _options = options.Value;
        _settings = settings ?? new ModelFactorySettings();
        _sharedHandler = new Lazy<HttpMessageHandler>(ModelHttpTransport.CreateHandler);
    }

    public ModelsOptions Options => _options;

    /// <summary>The profile name to use: the given one, else the configured default for that kind. Throws with the known names when missing.</summary>
    public (string Name, ModelProfile Profile) Resolve(string? profileName, ModelKind kind)
    {
        var name = string.IsNullOrWhiteSpace(profileName)
            ? (kind == ModelKind.Chat ? _options.DefaultChat : _options.DefaultEmbedding)
            : profileName;
        var known = _options.Profiles.Count == 0 ? "(none configured)" : string.Join(", ", _options.Profiles.Keys);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidOperationException(
                $"No {kind.ToString().ToLowerInvariant()} model chosen: set Models:Default{kind} (or ASSISTANT_Models__Default{kind}) or pass a profile name. Known profiles: {known}.");
        }

        if (!_options.TryGetProfile(name, out var profile))
        {
            throw new InvalidOperationException($"Unknown model profile '{name}'. Known profiles: {known}.");
        }

        if (profile.Kind != kind)
        {
            throw new InvalidOperationException($"Profile '{name}' is a {profile.Kind} profile, not a {kind} profile.");
        }

        return (name, profile);
    }

    /// <summary>A chat client for a configured profile (null → Models:DefaultChat), with all middleware.</summary>
    public IChatClient CreateChatClient(string? profileName)
    {
        var (name, profile) = Resolve(profileName, ModelKind.Chat);
        return CreateChatClient(name, profile);
    }

    /// <summary>A chat client for an ad-hoc profile (e.g. the one <see cref="ModelCatalog.FindLocalOllamaChatModelAsync"/> found).</summary>
    public IChatClient CreateChatClient(string name, ModelProfile profile)
    {
        var builder = CreateResilientChain(name, profile, depth: 0).AsBuilder().UseOpenTelemetry(sourceName: TelemetrySource);
        if (_settings.LoggerFactory is { } logging)
        {
            builder.UseLogging(logging);
        }

        return builder.UseTiming(_settings.Time).Build();
    }

    public IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(string? profileName)
    {
        var (name, profile) = Resolve(profileName, ModelKind.Embedding);
        return CreateEmbeddingGenerator(name, profile);
    }

    public IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(string name, ModelProfile profile)
    {
        var builder = CreateEmbeddingConnector(name, profile).AsBuilder().UseOpenTelemetry(sourceName: TelemetrySource);
        if (_settings.LoggerFactory is { } logging)
        {
            builder.UseLogging(logging);
        }

        return builder
            .UseRetryAndTimeout(Policy(name, profile), name, Timeout(profile), _settings.Time)
            .UseEmbeddingGuard(Context(name, profile), profile.Dimensions)
            .ConfigureOptions(o => o.Dimensions ??= profile.Dimensions)
            .Build();
    }

    /// <summary>The key for a profile, or null when it has none (and whether one is required).</summary>
    public string? GetApiKey(ModelProfile profile) =>
        string.IsNullOrWhiteSpace(profile.ApiKeyEnv) ? null : NullIfEmpty(_settings.GetEnvironmentVariable(profile.ApiKeyEnv));

    /// <summary>An HttpClient that talks to a profile's server through <see cref="ModelHttpHandler"/>.</summary>
    internal HttpClient CreateHttpClient(ModelCallContext context, string? secret) =>
        new(new ModelHttpHandler(context, secret, _settings.Time, _settings.PrimaryHandler?.Invoke() ?? _sharedHandler.Value), disposeHandler: false)
        {
            // OllamaSharp resolves its relative paths ("api/chat") against this; the OpenAI SDK sends absolute URIs.
            BaseAddress = context.Endpoint,
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };

    private IChatClient CreateResilientChain(string name, ModelProfile profile, int depth)
    {
        var (connector, guarded) = CreateChatConnector(name, profile);
        var builder = new ChatClientBuilder(connector);
        if (!string.IsNullOrWhiteSpace(profile.Fallback) && depth < MaxFallbackDepth && _options.TryGetProfile(profile.Fallback, out var fallback))
        {
            var fallbackName = profile.Fallback;
            builder.UseFallback(name, () => CreateResilientChain(fallbackName, fallback, depth + 1), fallbackName);
        }

        builder
            .UseRetry(Policy(name, profile))
            .UseTimeout(name, Timeout(profile), _settings.Time, FirstTokenTimeout(profile))
            .UseProfileLabel(name)
            .UseProfileDefaults(profile, ModelProviders.Is(profile.Provider, ModelProviders.Ollama));
        if (guarded)
        {
            builder.UseConnectorGuard(Context(name, profile));
        }

        return builder.Build();
    }

    /// <summary>The library connector, and whether it needs our <see cref="ConnectorGuardChatClient"/> (the Anthropic adapter and the missing-key stand-in fail our way already).</summary>
    private (IChatClient Connector, bool Guarded) CreateChatConnector(string name, ModelProfile profile)
    {
        var provider = CheckProvider(name, profile);
        var context = Context(name, profile);
        var key = GetApiKey(profile);
        if (key is null && ModelProviders.RequiresApiKey(provider))
        {
            return (new MissingKeyChatClient(name, provider, profile.ApiKeyEnv), false);
        }

        var http = CreateHttpClient(context, key);
        if (ModelProviders.Is(provider, ModelProviders.Ollama))
        {
            // One SelectedModel per OllamaApiClient: chat and embeddings get separate instances.
            return (new OllamaApiClient(http, profile.Model), true);
        }

        if (ModelProviders.Is(provider, ModelProviders.Anthropic))
        {
            return (AnthropicChatClientAdapter.Create(http, context, key!, profile.MaxOutputTokens ?? 4096), false);
        }

        var sdk = new OAIChat.ChatClient(profile.Model, OpenAIConnection.Credential(key), OpenAIConnection.CreateOptions(context.Endpoint, http));
        return (sdk.AsIChatClient(), true);
    }

    private IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingConnector(string name, ModelProfile profile)
    {
        var provider = CheckProvider(name, profile);
        if (ModelProviders.Is(provider, ModelProviders.Anthropic))
        {
            throw new InvalidOperationException($"Profile '{name}': Anthropic has no embeddings API. Use an ollama or OpenAI-compatible embedding profile.");
        }

        var context = Context(name, profile);
        var key = GetApiKey(profile);
        if (key is null && ModelProviders.RequiresApiKey(provider))
        {
            return new MissingKeyChatClient(name, provider, profile.ApiKeyEnv);
        }

        var http = CreateHttpClient(context, key);
        if (ModelProviders.Is(provider, ModelProviders.Ollama))
        {
            return new OllamaApiClient(http, profile.Model);
        }

        var sdk = new OAIEmbeddings.EmbeddingClient(profile.Model, OpenAIConnection.Credential(key), OpenAIConnection.CreateOptions(context.Endpoint, http));
        return sdk.AsIEmbeddingGenerator(profile.Dimensions);
    }

    private static string CheckProvider(string name, ModelProfile profile) =>
        ModelProviders.IsKnown(profile.Provider)
            ? profile.Provider.ToLowerInvariant()
            : throw new InvalidOperationException($"Profile '{name}' has unknown provider '{profile.Provider}'. Known providers: {ModelProviders.KnownList}.");

    private ModelCallContext Context(string name, ModelProfile profile) =>
        new(name, profile.Provider.ToLowerInvariant(), profile.Model, profile.ResolveEndpoint(), profile.ApiKeyEnv,
            _settings.ConnectTimeoutOverride ?? TimeSpan.FromSeconds(profile.ConnectTimeoutSeconds));

    private TimeSpan Timeout(ModelProfile profile) => _settings.TimeoutOverride ?? TimeSpan.FromSeconds(profile.TimeoutSeconds);

    private TimeSpan FirstTokenTimeout(ModelProfile profile) => _settings.FirstTokenTimeoutOverride ?? TimeSpan.FromSeconds(profile.FirstTokenTimeoutSeconds);

    private RetryPolicy Policy(string name, ModelProfile profile) =>
        new(profile.MaxRetries, _settings.RetryDelay ?? ((d, ct) => Task.Delay(d, _settings.Time, ct)), _settings.Random)
        {
            OnRetry = _settings.OnRetry is { } observer ? (attempt, error, wait) => observer(name, attempt, error, wait) : null,
        };

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
