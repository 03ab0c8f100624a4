using Assistant.Core.Documents;
using Assistant.Core.Retrieval;

namespace Assistant.Core.Storage;

/// <summary>
/// Where indexed documents and their chunks live: the embedded SQLite store by default, Qdrant when configured.
/// Every implementation passes the same contract tests (tests/Assistant.Tests/Storage/KnowledgeStoreContract.cs).
/// </summary>
public interface IKnowledgeStore
{
    /// <summary>Creates tables / collections when missing. Idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    Task<DocumentRecord?> GetDocumentAsync(string documentId, CancellationToken cancellationToken);

    Task<DocumentRecord?> FindBySourceAsync(string sourcePath, CancellationToken cancellationToken);

    Task<DocumentRecord?> FindByContentHashAsync(string contentHash, CancellationToken cancellationToken);

    Task<IReadOnlyList<DocumentRecord>> ListDocumentsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Replaces everything stored for <paramref name="document"/> with <paramref name="chunks"/> in one atomic step:
    /// readers see either the old chunks or the new ones, and a crash leaves the old ones.
    /// <paramref name="embeddings"/> is null when no embedding model is configured, else one vector per chunk.
    /// </summary>
    Task UpsertDocumentAsync(
        DocumentRecord document,
        IReadOnlyList<Chunk> chunks,
        IReadOnlyList<ReadOnlyMemory<float>>? embeddings,
        CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="UpsertDocumentAsync"/> unless another document (another id) already holds the same content hash:
    /// then nothing is written and that document is returned. The embedded store checks and writes in one
    /// transaction, so two processes ingesting the same bytes under two paths at once keep one copy; Qdrant has no
    /// multi-request transactions and checks right before writing (best effort: a race in between keeps both).
    /// </summary>
    /// <returns>The indexed twin that prevented the write, or null when <paramref name="document"/> was stored.</returns>
    Task<DocumentRecord?> UpsertUnlessDuplicateAsync(
        DocumentRecord document,
        IReadOnlyList<Chunk> chunks,
        IReadOnlyList<ReadOnlyMemory<float>>? embeddings,
        CancellationToken cancellationToken);

    /// <returns>False when no such document was stored.</returns>
    Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken);

    Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken);

    Task<StoreStats> GetStatsAsync(CancellationToken cancellationToken);

    /// <summary>Every chunk of a document in index order, as stored (empty when the document is unknown).</summary>
    Task<IReadOnlyList<Chunk>> GetChunksAsync(string documentId, CancellationToken cancellationToken);

    /// <summary>Which embedding model the stored vectors come from, how many chunks have one, and any unfinished reindex.</summary>
    Task<EmbeddingState> GetEmbeddingStateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="space"/> as the model of the vectors that upserts will carry. Callers check
    /// compatibility first (<see cref="EmbeddingCompatibility"/>); this is called when the store holds no vectors yet.
    /// </summary>
    Task SetEmbeddingSpaceAsync(EmbeddingSpace space, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces every chunk's vector with one from <paramref name="embed"/> in <paramref name="target"/>, or removes
    /// all vectors when <paramref name="target"/> is null. New vectors are built beside the old ones and swapped in at
    /// the end, so search keeps working with the old model meanwhile; an interrupted run is finished (not restarted)
    /// by calling this again with the same target. Chunks and their text are never touched.
    /// </summary>
    Task ReembedAsync(EmbeddingSpace? target, EmbedTexts? embed, int batchSize, IProgress<ReembedProgress>? progress, CancellationToken cancellationToken);
}

/// <summary>Counts shown by `assistant docs list` and the benchmarks.</summary>
public sealed record StoreStats(int Documents, int Chunks, int ChunksWithVectors, string? EmbeddingModel, int? EmbeddingDimensions);
