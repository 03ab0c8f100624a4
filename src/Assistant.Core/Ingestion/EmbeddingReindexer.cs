using System.Diagnostics;
using Assistant.Core.Storage;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Ingestion;

/// <summary>What `assistant reindex` did.</summary>
public enum ReindexOutcome
{
    /// <summary>Every chunk got a new vector from the configured model.</summary>
    Reembedded,

    /// <summary>All vectors were removed: the index is keyword-only.</summary>
    VectorsDropped,

    /// <summary>Every chunk already had a vector from the configured model; nothing was done.</summary>
    AlreadyCurrent,

    /// <summary>The index holds no chunks.</summary>
    Empty,
}

public sealed record ReindexRequest(bool DropVectors = false, bool Force = false);

public sealed record ReindexReport(ReindexOutcome Outcome, EmbeddingSpace? Previous, EmbeddingSpace? Current, int Documents, int Chunks, TimeSpan Elapsed);

/// <summary>
/// Re-embeds every stored chunk with the configured embedding model (after the model or its size changed), or
/// drops all vectors. Works from the stored chunk text, so source files need not exist any more; the store
/// builds the new vectors beside the old ones and swaps them in at the end (see <see cref="IKnowledgeStore.ReembedAsync"/>).
/// </summary>
public sealed class EmbeddingReindexer(IKnowledgeStore store, IngestionOptions options, IEmbeddingGenerator<string, Embedding<float>>? embedder = null)
{
    public async Task<ReindexReport> ReindexAsync(ReindexRequest request, IProgress<ReembedProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stopwatch = Stopwatch.StartNew();
        await store.InitializeAsync(cancellationToken);
        var before = await store.GetEmbeddingStateAsync(cancellationToken);
        var documents = (await store.GetStatsAsync(cancellationToken)).Documents;
        if (request.DropVectors)
        {
            await store.ReembedAsync(null, null, options.EmbeddingBatchSize, progress, cancellationToken);
            return new ReindexReport(ReindexOutcome.VectorsDropped, before.Space, null, documents, before.Chunks, stopwatch.Elapsed);
        }

        if (embedder is null)
        {
            throw new InvalidOperationException(
                "No embedding model is configured (Models:DefaultEmbedding), so there is nothing to embed with. "
                + "Set it to an embedding profile (see `assistant models`), or run `assistant reindex --drop-vectors` to make the index keyword-only.");
        }

        // A store with no chunks but a pending reindex (e.g. every document deleted while one was unfinished) still
        // has that reindex to finish or discard, so only a store with neither is "empty".
        if (before.Chunks == 0 && before.PendingReindex is null)
        {
            return new ReindexReport(ReindexOutcome.Empty, before.Space, before.Space, documents, 0, stopwatch.Elapsed);
        }

        var target = await TargetSpaceAsync(embedder, cancellationToken);
        if (!request.Force && before.Space == target && before.ChunksWithVectors == before.Chunks && before.PendingReindex is null)
        {
            return new ReindexReport(ReindexOutcome.AlreadyCurrent, before.Space, target, documents, before.Chunks, stopwatch.Elapsed);
        }

        await store.ReembedAsync(target, EmbedAsync, options.EmbeddingBatchSize, progress, cancellationToken);
        return new ReindexReport(ReindexOutcome.Reembedded, before.Space, target, documents, before.Chunks, stopwatch.Elapsed);
    }

    private async Task<IReadOnlyList<ReadOnlyMemory<float>>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var generated = await embedder!.GenerateAsync(texts, cancellationToken: cancellationToken);
        return generated.Select(e => e.Vector).ToList();
    }

    /// <summary>The model's vector size is only certain from a real vector: metadata may omit it or be wrong.</summary>
    private static async Task<EmbeddingSpace> TargetSpaceAsync(IEmbeddingGenerator<string, Embedding<float>> generator, CancellationToken cancellationToken)
    {
        var probe = await generator.GenerateAsync(["dimension probe"], cancellationToken: cancellationToken);
        return EmbeddingSpace.Of(generator, probe[0].Vector.Length);
    }
}
