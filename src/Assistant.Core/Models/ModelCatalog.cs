using System.Net.Http.Headers;
using Assistant.Core.Models.Ollama;
using Microsoft.Extensions.Options;

namespace Assistant.Core.Models;

/// <summary>The state of one profile as <c>assistant models</c> shows it.</summary>
public sealed record ModelProbeResult(
    string Name,
    ModelProfile Profile,
    bool IsDefault,
    bool Configured,
    bool Reachable,
    IReadOnlyList<string>? InstalledModels,
    string Status)
{
    /// <summary>Configured, answering, and (for Ollama) the model is installed.</summary>
    public bool Usable { get; init; }
}

/// <summary>Checks each configured profile: key present, server answering, and for Ollama which models are installed.</summary>
public sealed class ModelCatalog
{
    private readonly ModelProfileFactory _factory;
    private readonly Func<HttpMessageHandler> _handler;

    public ModelCatalog(ModelProfileFactory factory, ModelFactorySettings? settings = null)
    {
        _factory = factory;
        var shared = new Lazy<HttpMessageHandler>(() => new SocketsHttpHandler());
        _handler = settings?.PrimaryHandler ?? (() => shared.Value);
    }

    /// <summary>How long one probe may take; a server that does not answer in this time counts as unreachable.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Timeouts of the "ollama-auto" profile when no configured Ollama profile matched (those of the shipped local profiles).</summary>
    private const int LocalTimeoutSeconds = 300;

    private const int LocalFirstTokenTimeoutSeconds = 60;

    public async Task<IReadOnlyList<ModelProbeResult>> ProbeAsync(CancellationToken cancellationToken)
    {
        var options = _factory.Options;
        var probes = options.Profiles.Select(p => ProbeOneAsync(p.Key, p.Value, options, cancellationToken));
        return await Task.WhenAll(probes);
    }

    /// <summary>Probes the one profile named <paramref name="name"/>; null when no such profile is configured.</summary>
    public async Task<ModelProbeResult?> ProbeAsync(string name, CancellationToken cancellationToken)
    {
        var options = _factory.Options;
        return options.TryGetProfile(name, out var profile)
            ? await ProbeOneAsync(name, profile, options, cancellationToken)
            : null;
    }

    /// <summary>
    /// When no configured chat profile is usable, looks for a local Ollama (the configured Ollama endpoints, then
    /// http://localhost:11434) with a chat model installed and returns a ready-to-use profile for it, or null.
    /// Models named in configured Ollama profiles are preferred over whatever else is installed.
    /// </summary>
    public async Task<(string Name, ModelProfile Profile)?> FindLocalOllamaChatModelAsync(CancellationToken cancellationToken)
    {
        var ollamaProfiles = _factory.Options.Profiles.Values
            .Where(p => ModelProviders.Is(p.Provider, ModelProviders.Ollama) && p.Kind == ModelKind.Chat).ToList();
        var endpoints = ollamaProfiles.Select(p => p.ResolveEndpoint())
            .Append(ModelProviders.DefaultEndpoint(ModelProviders.Ollama)!)
            .Distinct().ToList();
        foreach (var endpoint in endpoints)
        {
            IReadOnlyList<OllamaModelInfo> installed;
            try
            {
                installed = await ListOllamaModelsAsync(endpoint, cancellationToken);
            }
            catch (Exception e) when (IsProbeFailure(e) && !cancellationToken.IsCancellationRequested)
            {
                continue;
            }

            var preferred = ollamaProfiles.FirstOrDefault(p => p.ResolveEndpoint() == endpoint && OllamaApi.IsInstalled(installed, p.Model));
            var model = preferred?.Model ?? installed.FirstOrDefault(m => !m.LooksLikeEmbeddingModel)?.Name;
            if (model is not null)
            {
                var profile = new ModelProfile
                {
                    Provider = ModelProviders.Ollama,
                    Model = model,
                    Endpoint = endpoint.ToString(),
                    ContextWindow = preferred?.ContextWindow,
                    Temperature = preferred?.Temperature,
                    // The server just answered, so a slow first token means the model is loading (as the shipped local profiles allow for).
                    TimeoutSeconds = preferred?.TimeoutSeconds ?? LocalTimeoutSeconds,
                    FirstTokenTimeoutSeconds = preferred?.FirstTokenTimeoutSeconds ?? LocalFirstTokenTimeoutSeconds,
                    ConnectTimeoutSeconds = preferred?.ConnectTimeoutSeconds ?? ModelProfile.DefaultConnectTimeoutSeconds,
                };
                return ("ollama-auto", profile);
            }
        }

        return null;
    }

    private async Task<ModelProbeResult> ProbeOneAsync(string name, ModelProfile profile, ModelsOptions options, CancellationToken ct)
    {
        var isDefault = string.Equals(name, options.DefaultChat, StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, options.DefaultEmbedding, StringComparison.OrdinalIgnoreCase);
        if (!ModelProviders.IsKnown(profile.Provider))
        {
            return new(name, profile, isDefault, false, false, null, $"unknown provider '{profile.Provider}' (known: {ModelProviders.KnownList})");
        }

        var key = _factory.GetApiKey(profile);
        if (key is null && ModelProviders.RequiresApiKey(profile.Provider))
        {
            var why = profile.ApiKeyEnv is null ? "no ApiKeyEnv configured" : $"environment variable {profile.ApiKeyEnv} is not set";
            return new(name, profile, isDefault, false, false, null, $"not configured: {why}");
        }

        Uri endpoint;
        try
        {
            endpoint = profile.ResolveEndpoint();
        }
        catch (InvalidOperationException e)
        {
            return new(name, profile, isDefault, false, false, null, e.Message);
        }

        try
        {
            if (ModelProviders.Is(profile.Provider, ModelProviders.Ollama))
            {
                var installed = await ListOllamaModelsAsync(endpoint, ct);
                var names = installed.Select(m => m.Name).ToList();
                var has = OllamaApi.IsInstalled(installed, profile.Model);
                return new(name, profile, isDefault, true, true, names,
                    has ? "ready" : $"model '{profile.Model}' not installed: run `ollama pull {profile.Model}`") { Usable = has };
            }

            var status = await GetStatusAsync(endpoint, profile, key, ct);
            return status switch
            {
                >= 200 and < 300 => new(name, profile, isDefault, true, true, null, "ready") { Usable = true },
                401 or 403 => new(name, profile, isDefault, true, true, null, $"key in {profile.ApiKeyEnv} was rejected ({status})"),
                // Some compatible servers have no /models; answering at all means reachable.
                _ => new(name, profile, isDefault, true, true, null, $"reachable (GET models answered {status})") { Usable = true },
            };
        }
        catch (Exception e) when (IsProbeFailure(e) && !ct.IsCancellationRequested)
        {
            var hint = ModelProviders.Is(profile.Provider, ModelProviders.Ollama) ? " (start it with `ollama serve`)" : "";
            return new(name, profile, isDefault, true, false, null, $"unreachable at {endpoint}{hint}");
        }
    }

    private async Task<IReadOnlyList<OllamaModelInfo>> ListOllamaModelsAsync(Uri endpoint, CancellationToken ct)
    {
        using var http = ProbeClient();
        return await new OllamaApi(http, endpoint).ListModelsAsync(ct);
    }

    private async Task<int> GetStatusAsync(Uri endpoint, ModelProfile profile, string? key, CancellationToken ct)
    {
        using var http = ProbeClient();
        var anthropic = ModelProviders.Is(profile.Provider, ModelProviders.Anthropic);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, anthropic ? "v1/models" : "models"));
        if (anthropic)
        {
            request.Headers.Add("x-api-key", key);
            request.Headers.Add("anthropic-version", "2023-06-01");
        }
        else if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await http.SendAsync(request, ct);
        return (int)response.StatusCode;
    }

    // OllamaSharp reports a non-Ollama answer as OllamaException, a garbled body as JsonException.
    private static bool IsProbeFailure(Exception e) =>
        e is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException or OllamaSharp.Models.Exceptions.OllamaException;

    private HttpClient ProbeClient() => new(_handler(), disposeHandler: false) { Timeout = ProbeTimeout };
}
