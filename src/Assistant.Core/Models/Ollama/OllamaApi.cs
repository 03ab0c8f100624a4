using System.Globalization;
using System.Text.Json;
using OllamaSharp;

namespace Assistant.Core.Models.Ollama;

/// <summary>An installed Ollama model as listed by <c>/api/tags</c>.</summary>
public sealed record OllamaModelInfo(string Name, long Size, string? Family, string? ParameterSize)
{
    /// <summary>Embedding-only families cannot chat; used when auto-picking a local chat model.</summary>
    public bool LooksLikeEmbeddingModel =>
        Name.Contains("embed", StringComparison.OrdinalIgnoreCase) || Name.StartsWith("bge", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Family, "nomic-bert", StringComparison.OrdinalIgnoreCase) || string.Equals(Family, "bert", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Management calls on an Ollama server through OllamaSharp: installed models and a model's context length.</summary>
public sealed class OllamaApi
{
    private readonly OllamaApiClient _client;

    /// <param name="http">Used as is; its BaseAddress is set to <paramref name="endpoint"/> when it has none.</param>
    public OllamaApi(HttpClient http, Uri endpoint)
    {
        http.BaseAddress ??= endpoint;
        _client = new OllamaApiClient(http);
    }

    /// <summary>GET /api/tags (OllamaSharp <c>ListLocalModelsAsync</c>).</summary>
    public async Task<IReadOnlyList<OllamaModelInfo>> ListModelsAsync(CancellationToken cancellationToken)
    {
        // A server that answers /api/tags without "models" (another program on Ollama's port) lists nothing.
        var models = await _client.ListLocalModelsAsync(cancellationToken) ?? [];
        return models.Where(m => m is not null).Select(m => new OllamaModelInfo(m.Name ?? "", m.Size, m.Details?.Family, m.Details?.ParameterSize)).ToList();
    }

    /// <summary>POST /api/show (OllamaSharp <c>ShowModelAsync</c>); returns <c>model_info["&lt;arch&gt;.context_length"]</c> when reported.</summary>
    public async Task<int?> GetContextLengthAsync(string model, CancellationToken cancellationToken)
    {
        var shown = await _client.ShowModelAsync(model, cancellationToken);
        foreach (var (key, value) in shown.Info?.ExtraInfo ?? new Dictionary<string, object>())
        {
            if (key.EndsWith(".context_length", StringComparison.Ordinal) && ToInt(value) is { } n)
            {
                return n;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="installed"/> contains <paramref name="model"/> (":latest" is implied when no tag is given).</summary>
    public static bool IsInstalled(IEnumerable<OllamaModelInfo> installed, string model)
    {
        var wanted = model.Contains(':', StringComparison.Ordinal) ? model : model + ":latest";
        return installed.Any(m => string.Equals(m.Name, wanted, StringComparison.OrdinalIgnoreCase) || string.Equals(m.Name, model, StringComparison.OrdinalIgnoreCase));
    }

    // ExtraInfo holds the JSON extension data, so numbers arrive as JsonElement.
    private static int? ToInt(object? value) => value switch
    {
        JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt32(out var n) => n,
        IConvertible c => Convert.ToInt32(c, CultureInfo.InvariantCulture),
        _ => null,
    };
}
