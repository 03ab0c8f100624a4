using Assistant.Core.Documents;
using Assistant.Core.Retrieval;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using static Qdrant.Client.Grpc.Conditions;

namespace Assistant.Core.Storage.Qdrant;

/// <summary>
/// IKnowledgeStore on Qdrant through Qdrant.Client (gRPC). Chunks are points with a named dense vector (when
/// embeddings exist) and a BM25-style sparse vector, read and written through the alias <c>Collection</c> (see
/// <see cref="QdrantCollections"/>); document records are vector-less points in <c>Collection_documents</c>, so
/// listing and hash/source lookups never scan chunks.
/// <para>
/// Qdrant has no multi-request transactions, so UpsertDocumentAsync orders its writes so that the document record
/// is the commit marker: (1) upsert the new chunk points — deterministic ids overwrite the old ones in place,
/// (2) delete the old tail (chunk_index ≥ new count), (3) write the document record with the new content hash.
/// A crash before (3) leaves the old record, so the next ingest sees a changed hash and redoes the work; at no
/// point is the document missing from search. Delete-then-upsert would open a window with no chunks at all, and
/// a crash in it would leave a record whose hash says "up to date" over an empty document.
/// </para>
/// <para>Embedding-model tracking and the alias-switching reindex: see QdrantKnowledgeStore.Embeddings.cs.</para>
/// </summary>
public sealed partial class QdrantKnowledgeStore : IKnowledgeStore
{
    private const uint PageSize = 256;

    private readonly QdrantClient _client;
    private readonly QdrantOptions _options;
    private readonly QdrantCollections _collections;

    public QdrantKnowledgeStore(QdrantClient client, QdrantOptions options)
    {
        _client = client;
        _options = options;
        _collections = new QdrantCollections(client, options);
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _collections.EnsureDocumentsAsync(cancellationToken);
        if (_options.Dimensions is { } dims)
        {
            await _collections.EnsureChunksAsync(dims, ConfiguredSpaceMetadata(), cancellationToken);
        }
        else
        {
            // Migrates an index written before aliases, so that the first command after an upgrade does it.
            await _collections.LiveAsync(cancellationToken);
        }
    }

    public Task<DocumentRecord?> GetDocumentAsync(string documentId, CancellationToken cancellationToken) =>
        FindDocumentAsync(QdrantPayloads.DocumentId, documentId, cancellationToken);

    public Task<DocumentRecord?> FindBySourceAsync(string sourcePath, CancellationToken cancellationToken) =>
        FindDocumentAsync(QdrantPayloads.Source, sourcePath, cancellationToken);

    public Task<DocumentRecord?> FindByContentHashAsync(string contentHash, CancellationToken cancellationToken) =>
        FindDocumentAsync(QdrantPayloads.ContentHash, contentHash, cancellationToken);

    public async Task<IReadOnlyList<DocumentRecord>> ListDocumentsAsync(CancellationToken cancellationToken)
    {
        var documents = new List<DocumentRecord>();
        if (!await _collections.DocumentsExistAsync(cancellationToken))
        {
            return documents;
        }

        await foreach (var page in _client.ScrollAllAsync(_options.DocumentsCollection, null, true, false, PageSize, cancellationToken))
        {
            documents.AddRange(page.Select(p => QdrantPayloads.ToDocument(p.Payload)));
        }

        return documents.OrderBy(d => d.SourcePath, StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
    }

    public async Task UpsertDocumentAsync(
        DocumentRecord document,
        IReadOnlyList<Chunk> chunks,
        IReadOnlyList<ReadOnlyMemory<float>>? embeddings,
        CancellationToken cancellationToken)
    {
        Validate(document, chunks, embeddings);
        await _collections.EnsureDocumentsAsync(cancellationToken);
        try
        {
            await _collections.EnsureChunksAsync(_options.Dimensions ?? embeddings?.FirstOrDefault().Length, ConfiguredSpaceMetadata(), cancellationToken);

            var points = chunks.Select((c, i) => QdrantPayloads.ChunkPoint(document, c, embeddings?[i], _options)).ToList();
            await _client.UpsertBatchedAsync(_collections.Alias, points, _options.UpsertBatchSize, cancellationToken);

            var staleTail = QdrantPayloads.ByDocument(document.Id);
            staleTail.Must.Add(Range(QdrantPayloads.ChunkIndex, new global::Qdrant.Client.Grpc.Range { Gte = chunks.Count }));
            await _client.DeleteAsync(_collections.Alias, staleTail, cancellationToken: cancellationToken);

            await _client.UpsertAsync(_options.DocumentsCollection, [QdrantPayloads.DocumentPoint(document)], cancellationToken: cancellationToken);
        }
        finally
        {
            // Also after a failure half-way: some chunk points may already have been written.
            InvalidateEmbeddingState();
        }
    }

    /// <remarks>
    /// Best effort: the hash lookup and the writes are separate requests, so two processes storing the same bytes
    /// under two paths at the same moment can both pass the check. Ingestion's batch-start check and this one catch
    /// every duplicate that is not written in that window.
    /// </remarks>
    public async Task<DocumentRecord?> UpsertUnlessDuplicateAsync(
        DocumentRecord document,
        IReadOnlyList<Chunk> chunks,
        IReadOnlyList<ReadOnlyMemory<float>>? embeddings,
        CancellationToken cancellationToken)
    {
        if (await FindTwinAsync(document, cancellationToken) is { } twin) return twin;
        await UpsertDocumentAsync(document, chunks, embeddings, cancellationToken);
        return null;
    }

    public async Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken)
    {
        var existed = await GetDocumentAsync(documentId, cancellationToken) is not null;

        // Record first: a crash in between leaves orphan chunks that the next delete or ingest removes, never
        // a record claiming an up-to-date document whose chunks are gone.
        if (existed)
        {
            await _client.DeleteAsync(_options.DocumentsCollection, QdrantPayloads.ByDocument(documentId), cancellationToken: cancellationToken);
        }

        if (await _collections.ChunksExistAsync(cancellationToken))
        {
            await _client.DeleteAsync(_collections.Alias, QdrantPayloads.ByDocument(documentId), cancellationToken: cancellationToken);
            InvalidateEmbeddingState();
        }

        return existed;
    }

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var q = QdrantQuery.For(query, _options);
        if (q is null || !await _collections.ChunksExistAsync(cancellationToken))
        {
            return [];
        }

        var points = await _client.QueryAsync(
            _collections.Alias,
            query: q.Query,
            prefetch: q.Prefetch,
            usingVector: q.Using,
            filter: q.Filter,
            scoreThreshold: q.ScoreThreshold,
            limit: q.Limit,
            payloadSelector: QdrantPayloads.HitFields,
            vectorsSelector: false,
            cancellationToken: cancellationToken);
        return points.Select((p, i) => QdrantPayloads.ToHit(p, i + 1)).ToList();
    }

    public async Task<StoreStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        var documents = await _collections.DocumentsExistAsync(cancellationToken)
            ? await _client.CountAllAsync(_options.DocumentsCollection, null, cancellationToken)
            : 0;
        var live = await _collections.LiveAsync(cancellationToken);
        var info = live is null ? null : await _client.InfoOrNullAsync(live, cancellationToken);
        if (info is null)
        {
            return new StoreStats((int)documents, 0, 0, _options.EmbeddingModel, _options.Dimensions);
        }

        var chunks = await _client.CountAllAsync(_collections.Alias, null, cancellationToken);
        var dims = QdrantMetadata.DenseSize(info, _options.VectorName);
        var withVectors = dims is null ? 0 : await _client.CountAllAsync(_collections.Alias, HasDenseVector(), cancellationToken);
        var model = QdrantMetadata.SpaceOf(info)?.Model ?? _options.EmbeddingModel;
        return new StoreStats((int)documents, (int)chunks, (int)withVectors, model, dims ?? _options.Dimensions);
    }

    private async Task<DocumentRecord?> FindDocumentAsync(string key, string value, CancellationToken cancellationToken)
    {
        if (!await _collections.DocumentsExistAsync(cancellationToken))
        {
            return null;
        }

        var page = await _client.ScrollAsync(_options.DocumentsCollection, MatchKeyword(key, value), 1, payloadSelector: true, vectorsSelector: false, cancellationToken: cancellationToken);
        return page.Result.Count == 0 ? null : QdrantPayloads.ToDocument(page.Result[0].Payload);
    }

    private async Task<DocumentRecord?> FindTwinAsync(DocumentRecord document, CancellationToken cancellationToken)
    {
        if (!await _collections.DocumentsExistAsync(cancellationToken)) return null;
        var filter = new Filter { Must = { MatchKeyword(QdrantPayloads.ContentHash, document.ContentHash) }, MustNot = { MatchKeyword(QdrantPayloads.DocumentId, document.Id) } };
        var page = await _client.ScrollAsync(_options.DocumentsCollection, filter, 1, payloadSelector: true, vectorsSelector: false, cancellationToken: cancellationToken);
        return page.Result.Count == 0 ? null : QdrantPayloads.ToDocument(page.Result[0].Payload);
    }

    private Filter HasDenseVector() => HasVector(_options.VectorName);

    private static void Validate(DocumentRecord document, IReadOnlyList<Chunk> chunks, IReadOnlyList<ReadOnlyMemory<float>>? embeddings)
    {
        if (embeddings is not null && embeddings.Count != chunks.Count)
        {
            throw new ArgumentException($"Document '{document.Id}': {embeddings.Count} embeddings for {chunks.Count} chunks; expected one per chunk.", nameof(embeddings));
        }

        if (embeddings is { Count: > 0 } && embeddings.Any(e => e.Length != embeddings[0].Length))
        {
            throw new ArgumentException($"Document '{document.Id}': embeddings differ in length.", nameof(embeddings));
        }

        for (var i = 0; i < chunks.Count; i++)
        {
            if (chunks[i].DocumentId != document.Id || chunks[i].Index != i)
            {
                throw new ArgumentException(
                    $"Document '{document.Id}': chunk {i} has document id '{chunks[i].DocumentId}' and index {chunks[i].Index}; chunks must belong to the document and be numbered 0..n-1.",
                    nameof(chunks));
            }
        }
    }
}
