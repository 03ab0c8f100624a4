namespace Assistant.Core.Models;

/// <summary>
/// Who we are calling, for error messages: the profile name, provider, model, base URL and the NAME
/// of the environment variable holding the key (never the key itself); and how long opening a connection may take.
/// </summary>
public sealed record ModelCallContext(string Profile, string Provider, string Model, Uri Endpoint, string? ApiKeyEnv = null, TimeSpan? ConnectTimeout = null)
{
    /// <summary>The base URL as people write it (no trailing slash), for short reasons.</summary>
    public string Where => Endpoint.ToString().TrimEnd('/');

    public bool IsOllama => string.Equals(Provider, ModelProviders.Ollama, StringComparison.OrdinalIgnoreCase);
}
