using Microsoft.Extensions.AI;
using OpenAI.Embeddings;
using AIOptions = Microsoft.Extensions.AI.EmbeddingGenerationOptions;
using OAIOptions = OpenAI.Embeddings.EmbeddingGenerationOptions;

namespace Assistant.Core.Models.OpenAI;

/// <summary><see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> over the OpenAI SDK's <see cref="EmbeddingClient"/> (POST /embeddings).</summary>
public sealed class OpenAIEmbeddingGeneratorAdapter : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly EmbeddingClient _client;
    private readonly ModelCallContext _context;
    private readonly int? _dimensions;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public OpenAIEmbeddingGeneratorAdapter(EmbeddingClient client, ModelCallContext context, int? dimensions = null)
    {
        _client = client;
        _context = context;
        _dimensions = dimensions;
        _metadata = new EmbeddingGeneratorMetadata(context.Provider, context.Endpoint, context.Model, dimensions);
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, AIOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values.ToList();
        if (inputs.Count == 0)
        {
            return [];
        }

        var sdkOptions = new OAIOptions { Dimensions = options?.Dimensions ?? _dimensions };
        OpenAIEmbeddingCollection collection;
        try
        {
            collection = (await _client.GenerateEmbeddingsAsync(inputs, sdkOptions, cancellationToken)).Value;
        }
        catch (Exception e) when (ModelException.Find(e) is { } mapped)
        {
            throw mapped;
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(collection.OrderBy(e => e.Index)
            .Select(e => new Embedding<float>(e.ToFloats()) { ModelId = collection.Model }));
        if (collection.Usage is { } usage)
        {
            result.Usage = new UsageDetails { InputTokenCount = usage.InputTokenCount, TotalTokenCount = usage.TotalTokenCount };
        }

        return result;
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
