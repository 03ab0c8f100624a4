using System.Text.Json.Nodes;
using Assistant.Core.Documents;
using Assistant.Core.Retrieval;

namespace Assistant.Core.Storage.Qdrant;

/// <summary>
/// IKnowledgeStore on Qdrant. Chunks are points in <c>Collection</c> with a named dense vector (when embeddings
/// exist) and a BM25-style sparse vector; document records are vector-less points in <c>Collection_documents</c>,
/// so listing and hash/source lookups never scan chunks.
/// <para>
/// Qdrant has no multi-request transactions, so UpsertDocumentAsync orders its writes so that the document record
/// is the commit marker: (1) upsert the new chunk points — deterministic ids overwrite the old ones in place,
/// (2) delete the old tail (chunk_index ≥ new count), (3) write the document record with the new content hash.
/// A crash before (3) leaves the old record, so the next ingest sees a changed hash and redoes the work; at no
/// point is the document missing from search. Delete-then-upsert would open a window with no chunks at all, and
/// a crash in it would leave a record whose hash says "up to date" over an empty document.
/// </para>
/// <para>Embedding-model tracking and re-embedding: see QdrantKnowledgeStore.Embeddings.cs.</para>
/// </summary>
public sealed partial class QdrantKnowledgeStore : IKnowledgeStore
{
    private const int PageSize = 256;

    private readonly QdrantRestClient _client;
    private readonly QdrantOptions _options;
    private readonly QdrantCollections _collections;

    public QdrantKnowledgeStore(QdrantRestClient client, QdrantOptions options)
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
    }

    public async Task<DocumentRecord?> GetDocumentAsync(string documentId, CancellationToken cancellationToken) =>
        await FindDocumentAsync(QdrantPayloads.MatchValue(QdrantPayloads.DocumentId, documentId), cancellationToken);

    public async Task<DocumentRecord?> FindBySourceAsync(string sourcePath, CancellationToken cancellationToken) =>
        await FindDocumentAsync(QdrantPayloads.MatchValue(QdrantPayloads.Source, sourcePath), cancellationToken);

    public async Task<DocumentRecord?> FindByContentHashAsync(string contentHash, CancellationToken cancellationToken) =>
        await FindDocumentAsync(QdrantPayloads.MatchValue(QdrantPayloads.ContentHash, contentHash), cancellationToken);

    public async Task<IReadOnlyList<DocumentRecord>> ListDocumentsAsync(CancellationToken cancellationToken)
    {
        var documents = new List<DocumentRecord>();
        if (!await _collections.DocumentsExistAsync(cancellationToken))
        {
            return documents;
        }

        JsonNode? offset = null;
        do
        {
            var request = new JsonObject { ["limit"] = PageSize, ["with_payload"] = true, ["with_vector"] = false };
            if (offset is not null)
            {
                request["offset"] = offset;
            }

            (var points, offset) = await _client.ScrollAsync(_options.DocumentsCollection, request, cancellationToken);
            documents.AddRange(points.Select(p => QdrantPayloads.ToDocument(p!)));
        }
        while (offset is not null);

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
            await _client.UpsertAsync(_options.Collection, points, cancellationToken);

            var staleTail = QdrantPayloads.Must(
                QdrantPayloads.MatchValue(QdrantPayloads.DocumentId, document.Id),
                new JsonObject { ["key"] = QdrantPayloads.ChunkIndex, ["range"] = new JsonObject { ["gte"] = chunks.Count } });
            await _client.DeleteByFilterAsync(_options.Collection, staleTail, cancellationToken);

            await _client.UpsertAsync(_options.DocumentsCollection, [QdrantPayloads.DocumentPoint(document)], cancellationToken);
        }
        finally
        {
            // Also after a failure half-way: some chunk points may already have been written.
            InvalidateEmbeddingState();
        }
    }

    public async Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken)
    {
        var existed = await GetDocumentAsync(documentId, cancellationToken) is not null;

        // Record first: a crash in between leaves orphan chunks that the next delete or ingest removes, never
        // a record claiming an up-to-date document whose chunks are gone.
        var byId = QdrantPayloads.Must(QdrantPayloads.MatchValue(QdrantPayloads.DocumentId, documentId));
        if (existed)
        {
            await _client.DeleteByFilterAsync(_options.DocumentsCollection, byId, cancellationToken);
        }

        if (await _collections.ChunksExistAsync(cancellationToken))
        {
            await _client.DeleteByFilterAsync(_options.Collection, byId, cancellationToken);
            InvalidateEmbeddingState();
        }

        return existed;
    }

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var request = QdrantQueryBuilder.Build(query, _options);
        if (request is null || !await _collections.ChunksExistAsync(cancellationToken))
        {
            return [];
        }

        var points = await _client.QueryAsync(_options.Collection, request, cancellationToken);
        return points.Select((p, i) => QdrantPayloads.ToHit(p!, i + 1)).ToList();
    }

    public async Task<StoreStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        var documents = await _collections.DocumentsExistAsync(cancellationToken)
            ? await _client.CountAsync(_options.DocumentsCollection, null, cancellationToken)
            : 0;
        var info = await _client.GetCollectionInfoAsync(_options.Collection, cancellationToken);
        if (info is null)
        {
            return new StoreStats((int)documents, 0, 0, _options.EmbeddingModel, _options.Dimensions);
        }

        var chunks = await _client.CountAsync(_options.Collection, null, cancellationToken);
        var dims = info["config"]?["params"]?["vectors"]?[_options.VectorName]?["size"]?.GetValue<int>();
        var withVectors = dims is null
            ? 0
            : await _client.CountAsync(
                _options.Collection,
                QdrantPayloads.Must(new JsonObject { ["has_vector"] = _options.VectorName }),
                cancellationToken);
        var model = SpaceOf(info)?.Model ?? _options.EmbeddingModel;
        return new StoreStats((int)documents, (int)chunks, (int)withVectors, model, dims ?? _options.Dimensions);
    }

    private async Task<DocumentRecord?> FindDocumentAsync(JsonObject condition, CancellationToken cancellationToken)
    {
        if (!await _collections.DocumentsExistAsync(cancellationToken))
        {
            return null;
        }

        var request = new JsonObject
        {
            ["filter"] = QdrantPayloads.Must(condition),
            ["limit"] = 1,
            ["with_payload"] = true,
            ["with_vector"] = false,
        };
        var (points, _) = await _client.ScrollAsync(_options.DocumentsCollection, request, cancellationToken);
        return points.Count == 0 ? null : QdrantPayloads.ToDocument(points[0]!);
    }

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
