using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assistant.Core.Models.Http;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Models.Ollama;

/// <summary>Embeddings through Ollama's <c>POST /api/embed</c> (one request for the whole batch).</summary>
public sealed class OllamaEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly HttpClient _http;
    private readonly ModelCallContext _context;
    private readonly int? _dimensions;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public OllamaEmbeddingGenerator(HttpClient http, ModelCallContext context, int? dimensions = null)
    {
        _http = http;
        _context = context;
        _dimensions = dimensions;
        _metadata = new EmbeddingGeneratorMetadata("ollama", context.Endpoint, context.Model, dimensions);
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values.ToList();
        if (inputs.Count == 0)
        {
            return [];
        }

        var model = options?.ModelId ?? _context.Model;
        var body = new JsonObject { ["model"] = model, ["input"] = new JsonArray(inputs.Select(i => (JsonNode?)i).ToArray()) };
        if ((options?.Dimensions ?? _dimensions) is { } dims)
        {
            body["dimensions"] = dims;
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(new Uri(_context.Endpoint, "api/embed"), JsonContent.Create(body), cancellationToken);
        }
        catch (HttpRequestException e) when (ModelErrorMapper.IsConnectFailure(e))
        {
            throw ModelErrorMapper.Unreachable(_context, e, null);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw ModelErrorMapper.FromResponse(_context, (int)response.StatusCode, response.Headers, text, DateTimeOffset.UtcNow, null);
            }

            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (!root.TryGetProperty("embeddings", out var embeddings) || embeddings.ValueKind != JsonValueKind.Array || embeddings.GetArrayLength() != inputs.Count)
            {
                throw new ModelException(ModelErrorKind.ServerError,
                    $"Ollama profile '{_context.Profile}' returned {(root.TryGetProperty("embeddings", out var e2) && e2.ValueKind == JsonValueKind.Array ? e2.GetArrayLength() : 0)} embeddings for {inputs.Count} inputs.")
                { Profile = _context.Profile };
            }

            var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Count);
            foreach (var vector in embeddings.EnumerateArray())
            {
                var floats = new float[vector.GetArrayLength()];
                var i = 0;
                foreach (var f in vector.EnumerateArray())
                {
                    floats[i++] = f.GetSingle();
                }

                result.Add(new Embedding<float>(floats) { ModelId = model, CreatedAt = DateTimeOffset.UtcNow });
            }

            if (root.TryGetProperty("prompt_eval_count", out var tokens) && tokens.TryGetInt64(out var count))
            {
                result.Usage = new UsageDetails { InputTokenCount = count, TotalTokenCount = count };
            }

            return result;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }
}
