namespace Assistant.Core.Models;

/// <summary>
/// Who we are calling, for error messages: the profile name, provider, model, base URL and the NAME
/// of the environment variable holding the key (never the key itself).
/// </summary>
public sealed record ModelCallContext(string Profile, string Provider, string Model, Uri Endpoint, string? ApiKeyEnv = null)
{
    public bool IsOllama => string.Equals(Provider, ModelProviders.Ollama, StringComparison.OrdinalIgnoreCase);
}
