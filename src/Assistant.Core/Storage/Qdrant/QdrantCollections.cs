using System.Text.Json.Nodes;

namespace Assistant.Core.Storage.Qdrant;

/// <summary>Creates the chunk and document collections (and their payload indexes) once, and remembers that they exist.</summary>
internal sealed class QdrantCollections(QdrantRestClient client, QdrantOptions options)
{
    private static readonly string[] ChunkKeywordIndexes =
        [QdrantPayloads.DocumentId, QdrantPayloads.Source, QdrantPayloads.SourcePrefixes, QdrantPayloads.Tags, QdrantPayloads.KnowledgeBase];

    private static readonly string[] DocumentKeywordIndexes =
        [QdrantPayloads.DocumentId, QdrantPayloads.Source, QdrantPayloads.ContentHash];

    private bool _documentsReady;
    private bool _chunksReady;

    public async Task<bool> DocumentsExistAsync(CancellationToken cancellationToken) =>
        _documentsReady = _documentsReady || await client.CollectionExistsAsync(options.DocumentsCollection, cancellationToken);

    public async Task<bool> ChunksExistAsync(CancellationToken cancellationToken) =>
        _chunksReady = _chunksReady || await client.CollectionExistsAsync(options.Collection, cancellationToken);

    public async Task EnsureDocumentsAsync(CancellationToken cancellationToken)
    {
        if (await DocumentsExistAsync(cancellationToken))
        {
            return;
        }

        // No vectors at all: these points exist only for their payload.
        await CreateAsync(options.DocumentsCollection, new JsonObject { ["vectors"] = new JsonObject() }, cancellationToken);
        foreach (var field in DocumentKeywordIndexes)
        {
            await client.CreatePayloadIndexAsync(options.DocumentsCollection, field, "keyword", cancellationToken);
        }

        _documentsReady = true;
    }

    /// <param name="dimensions">Dense vector size; null creates the collection with the sparse vector only.</param>
    /// <param name="metadata">Collection metadata to create it with (the embedding model), when known.</param>
    public async Task EnsureChunksAsync(int? dimensions, JsonObject? metadata, CancellationToken cancellationToken)
    {
        if (await ChunksExistAsync(cancellationToken))
        {
            return;
        }

        await CreateChunkShapedAsync(options.Collection, dimensions, metadata, cancellationToken);
        _chunksReady = true;
    }

    /// <summary>Forgets that the chunk collection exists, after it was dropped (a reindex swap, a recreate).</summary>
    public void ForgetChunks() => _chunksReady = false;

    /// <summary>
    /// Creates a collection shaped like the chunk collection — named dense vector of <paramref name="dimensions"/>
    /// (none when null), the sparse vector with IDF and the same payload indexes — whatever its name, so that a
    /// reindex staging collection can later be copied over the live one point for point.
    /// </summary>
    public async Task CreateChunkShapedAsync(string collection, int? dimensions, JsonObject? metadata, CancellationToken cancellationToken)
    {
        var vectors = new JsonObject();
        if (dimensions is { } size)
        {
            vectors[options.VectorName] = new JsonObject { ["size"] = size, ["distance"] = "Cosine" };
        }

        var body = new JsonObject
        {
            ["vectors"] = vectors,
            // Qdrant multiplies in IDF from its own collection statistics at query time (see SparseTextEncoder).
            ["sparse_vectors"] = new JsonObject { [options.SparseVectorName] = new JsonObject { ["modifier"] = "idf" } },
        };
        if (metadata is not null)
        {
            body["metadata"] = metadata.DeepClone();
        }

        await CreateAsync(collection, body, cancellationToken);
        foreach (var field in ChunkKeywordIndexes)
        {
            await client.CreatePayloadIndexAsync(collection, field, "keyword", cancellationToken);
        }

        // chunk_index is range-filtered when a re-ingested document shrinks.
        await client.CreatePayloadIndexAsync(collection, QdrantPayloads.ChunkIndex, "integer", cancellationToken);
    }

    private async Task CreateAsync(string collection, JsonObject body, CancellationToken cancellationToken)
    {
        try
        {
            await client.CreateCollectionAsync(collection, body, cancellationToken);
        }
        catch (QdrantException ex) when (ex.StatusCode is 400 or 409)
        {
            // Another process may have created it between our existence check and the create: that is fine.
            if (!await client.CollectionExistsAsync(collection, cancellationToken))
            {
                throw;
            }
        }
    }
}
