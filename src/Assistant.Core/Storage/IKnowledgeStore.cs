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

    /// <returns>False when no such document was stored.</returns>
    Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken);

    Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken);

    Task<StoreStats> GetStatsAsync(CancellationToken cancellationToken);
}

/// <summary>Counts shown by `assistant docs list` and the benchmarks.</summary>
public sealed record StoreStats(int Documents, int Chunks, int ChunksWithVectors, string? EmbeddingModel, int? EmbeddingDimensions);
