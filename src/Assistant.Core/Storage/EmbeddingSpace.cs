using Microsoft.Extensions.AI;

namespace Assistant.Core.Storage;

/// <summary>
/// The embedding model whose vectors a store holds. Vectors from two models are not comparable even when their
/// dimensions match, so a store records the model name as well as the size, and a mismatch is an error.
/// </summary>
/// <param name="Model">"provider/model", e.g. "ollama/nomic-embed-text": the server address is left out on purpose,
/// because the same model served elsewhere produces the same vectors.</param>
public sealed record EmbeddingSpace(string Model, int Dimensions)
{
    /// <summary>Recorded when vectors exist but no model name was stored with them (indexes written before it was).</summary>
    public const string UnrecordedModel = "unrecorded model";

    /// <summary>The space of <paramref name="generator"/>'s vectors, given their length from a real embedding.</summary>
    public static EmbeddingSpace Of(IEmbeddingGenerator<string, Embedding<float>> generator, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var metadata = generator.GetService(typeof(EmbeddingGeneratorMetadata)) as EmbeddingGeneratorMetadata;
        return new EmbeddingSpace(ModelName(metadata), dimensions);
    }

    /// <summary>The model name alone, before any vector has been produced (dimensions still unknown).</summary>
    public static string ModelName(IEmbeddingGenerator<string, Embedding<float>> generator) =>
        ModelName(generator.GetService(typeof(EmbeddingGeneratorMetadata)) as EmbeddingGeneratorMetadata);

    private static string ModelName(EmbeddingGeneratorMetadata? metadata)
    {
        var model = metadata?.DefaultModelId;
        if (string.IsNullOrWhiteSpace(model)) return "unnamed embedding model";
        return string.IsNullOrWhiteSpace(metadata!.ProviderName) ? model : metadata.ProviderName + "/" + model;
    }

    public override string ToString() => $"{Model} ({Dimensions} dimensions)";

    /// <summary>Checks what a model returned for <paramref name="expected"/> texts before any of it is stored.</summary>
    public void CheckVectors(IReadOnlyList<ReadOnlyMemory<float>> vectors, int expected)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count != expected)
        {
            throw new InvalidOperationException($"{Model} returned {vectors.Count} vectors for {expected} texts.");
        }

        foreach (var vector in vectors)
        {
            if (vector.Length != Dimensions)
            {
                throw new EmbeddingMismatchException($"{Model} returned a {vector.Length}-dimensional vector; the reindex expected {Dimensions}.");
            }
        }
    }
}

/// <summary>What a store knows about its vectors.</summary>
/// <param name="Space">The model of the stored vectors; null when none was recorded and none are stored.</param>
/// <param name="Chunks">All chunks.</param>
/// <param name="ChunksWithVectors">Chunks that carry a vector in <paramref name="Space"/>.</param>
/// <param name="PendingReindex">The target of a reindex that has started but not finished, if any. Until it finishes
/// the store keeps answering with the vectors of <paramref name="Space"/>.</param>
public sealed record EmbeddingState(EmbeddingSpace? Space, int Chunks, int ChunksWithVectors, EmbeddingSpace? PendingReindex)
{
    public static readonly EmbeddingState Empty = new(null, 0, 0, null);
}

/// <summary>Embeds a batch of chunk texts (see <see cref="Documents.Chunk.EmbeddingText"/>) into one vector each.</summary>
public delegate Task<IReadOnlyList<ReadOnlyMemory<float>>> EmbedTexts(IReadOnlyList<string> texts, CancellationToken cancellationToken);

/// <summary>Progress of <see cref="IKnowledgeStore.ReembedAsync"/>: chunks embedded so far out of the total.</summary>
public readonly record struct ReembedProgress(int Done, int Total);
