namespace Assistant.Core.Models;

/// <summary>The provider names a profile may use, and what each implies (wire protocol, default endpoint, key).</summary>
public static class ModelProviders
{
    public const string Ollama = "ollama";
    public const string OpenAI = "openai";
    public const string AzureOpenAI = "azure-openai";
    public const string Anthropic = "anthropic";
    public const string Gemini = "gemini";
    public const string Mistral = "mistral";
    public const string DeepSeek = "deepseek";
    public const string OpenAICompatible = "openai-compatible";

    public static IReadOnlyList<string> Known { get; } =
        [Ollama, OpenAI, AzureOpenAI, Anthropic, Gemini, Mistral, DeepSeek, OpenAICompatible];

    public static string KnownList => string.Join(", ", Known);

    public static bool IsKnown(string? provider) => provider is not null && Known.Contains(provider, StringComparer.OrdinalIgnoreCase);

    /// <summary>Everything except Ollama (native) and Anthropic speaks the OpenAI Chat Completions protocol.</summary>
    public static bool IsOpenAIProtocol(string provider) =>
        IsKnown(provider) && !Is(provider, Ollama) && !Is(provider, Anthropic);

    /// <summary>Local servers (Ollama, and openai-compatible ones like vLLM/LM Studio) may run without a key.</summary>
    public static bool RequiresApiKey(string provider) => !Is(provider, Ollama) && !Is(provider, OpenAICompatible);

    public static Uri? DefaultEndpoint(string provider) => provider.ToLowerInvariant() switch
    {
        Ollama => new Uri("http://localhost:11434/"),
        OpenAI => new Uri("https://api.openai.com/v1/"),
        Anthropic => new Uri("https://api.anthropic.com/"),
        Gemini => new Uri("https://generativelanguage.googleapis.com/v1beta/openai/"),
        Mistral => new Uri("https://api.mistral.ai/v1/"),
        DeepSeek => new Uri("https://api.deepseek.com/v1/"),
        _ => null, // azure-openai and openai-compatible have no sensible default: the endpoint names your resource/server.
    };

    public static bool Is(string? provider, string name) => string.Equals(provider, name, StringComparison.OrdinalIgnoreCase);
}
