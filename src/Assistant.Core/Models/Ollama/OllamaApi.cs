using System.Net.Http.Json;
using System.Text.Json;

namespace Assistant.Core.Models.Ollama;

/// <summary>An installed Ollama model as listed by <c>/api/tags</c>.</summary>
public sealed record OllamaModelInfo(string Name, long Size, string? Family, string? ParameterSize)
{
    /// <summary>Embedding-only families cannot chat; used when auto-picking a local chat model.</summary>
    public bool LooksLikeEmbeddingModel =>
        Name.Contains("embed", StringComparison.OrdinalIgnoreCase) || Name.StartsWith("bge", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Family, "nomic-bert", StringComparison.OrdinalIgnoreCase) || string.Equals(Family, "bert", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Management calls on an Ollama server: installed models and a model's context length.</summary>
public sealed class OllamaApi
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;

    public OllamaApi(HttpClient http, Uri endpoint)
    {
        _http = http;
        _endpoint = endpoint;
    }

    /// <summary>GET /api/tags. Throws <see cref="ModelException"/> (ServerUnreachable) when nobody answers.</summary>
    public async Task<IReadOnlyList<OllamaModelInfo>> ListModelsAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(_endpoint, "api/tags"), cancellationToken);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var list = new List<OllamaModelInfo>();
        if (doc.RootElement.TryGetProperty("models", out var models) && models.ValueKind == JsonValueKind.Array)
        {
            foreach (var m in models.EnumerateArray())
            {
                var name = Str(m, "name") ?? Str(m, "model") ?? "";
                var size = m.TryGetProperty("size", out var s) && s.TryGetInt64(out var sz) ? sz : 0;
                var details = m.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
                list.Add(new OllamaModelInfo(name, size, details.ValueKind == JsonValueKind.Object ? Str(details, "family") : null,
                    details.ValueKind == JsonValueKind.Object ? Str(details, "parameter_size") : null));
            }
        }

        return list;
    }

    /// <summary>POST /api/show; returns <c>model_info["&lt;arch&gt;.context_length"]</c> when the server reports it.</summary>
    public async Task<int?> GetContextLengthAsync(string model, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(new Uri(_endpoint, "api/show"), JsonContent.Create(new { model }), cancellationToken);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        if (doc.RootElement.TryGetProperty("model_info", out var info) && info.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in info.EnumerateObject())
            {
                if (p.Name.EndsWith(".context_length", StringComparison.Ordinal) && p.Value.TryGetInt32(out var n))
                {
                    return n;
                }
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

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
