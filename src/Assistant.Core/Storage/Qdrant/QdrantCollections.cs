using System.Globalization;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Assistant.Core.Storage.Qdrant;

/// <summary>
/// The collections behind the store. Chunks live in a versioned collection <c>&lt;Collection&gt;_v&lt;n&gt;</c> and are read
/// and written through the alias <c>&lt;Collection&gt;</c>, so that a reindex can build <c>_v&lt;n+1&gt;</c> and move the
/// alias in one atomic call. Document records live in the plain collection <c>&lt;Collection&gt;_documents</c>.
/// <para>
/// An index written before aliases has a real collection named <c>&lt;Collection&gt;</c>. The first use migrates it:
/// its points are copied into <c>_v1</c>, it is dropped and the alias is created. Every step is repeatable, so an
/// interrupted migration is finished by the next use.
/// </para>
/// </summary>
internal sealed class QdrantCollections(QdrantClient client, QdrantOptions options)
{
    private static readonly string[] ChunkKeywordIndexes =
        [QdrantPayloads.DocumentId, QdrantPayloads.Source, QdrantPayloads.SourcePrefixes, QdrantPayloads.Tags, QdrantPayloads.KnowledgeBase];

    private static readonly string[] DocumentKeywordIndexes =
        [QdrantPayloads.DocumentId, QdrantPayloads.Source, QdrantPayloads.ContentHash];

    private bool _documentsReady;
    private bool _aliasReady;

    /// <summary>The live name: an alias once the chunk collection exists.</summary>
    public string Alias => options.Collection;

    /// <summary>Where the old (pre-alias) code built a reindex; only read by the migration.</summary>
    private string LegacyStaging => options.Collection + "__reindex";

    public string VersionName(int version) => string.Create(CultureInfo.InvariantCulture, $"{options.Collection}_v{version}");

    public string NextVersion(string live) => VersionName((VersionOf(live) ?? 0) + 1);

    public int? VersionOf(string name) =>
        name.StartsWith(options.Collection + "_v", StringComparison.Ordinal)
        && int.TryParse(name.AsSpan(options.Collection.Length + 2), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : null;

    public async Task<bool> DocumentsExistAsync(CancellationToken cancellationToken) =>
        _documentsReady = _documentsReady || await client.CollectionExistsAsync(options.DocumentsCollection, cancellationToken);

    public async Task EnsureDocumentsAsync(CancellationToken cancellationToken)
    {
        if (await DocumentsExistAsync(cancellationToken))
        {
            return;
        }

        // No vectors at all: these points exist only for their payload.
        await CreateAsync(new CreateCollection { CollectionName = options.DocumentsCollection, VectorsConfig = new VectorsConfig { ParamsMap = new VectorParamsMap() } }, cancellationToken);
        foreach (var field in DocumentKeywordIndexes)
        {
            await client.CreatePayloadIndexAsync(options.DocumentsCollection, field, PayloadSchemaType.Keyword, cancellationToken: cancellationToken);
        }

        _documentsReady = true;
    }

    /// <summary>True once the alias exists (remembered: it never goes away once made).</summary>
    public async Task<bool> ChunksExistAsync(CancellationToken cancellationToken) =>
        _aliasReady || await LiveAsync(cancellationToken) is not null;

    /// <summary>
    /// The versioned collection the alias points at now, or null when there is no chunk collection yet. Migrates a
    /// pre-alias collection, and finishes a migration that stopped after dropping it, on the way.
    /// </summary>
    public async Task<string?> LiveAsync(CancellationToken cancellationToken)
    {
        var aliases = await client.ListAliasesAsync(cancellationToken);
        var live = aliases.FirstOrDefault(a => a.AliasName == Alias)?.CollectionName;
        if (live is null && await client.CollectionExistsAsync(Alias, cancellationToken))
        {
            live = await MigrateAsync(cancellationToken);
        }
        else if (live is null)
        {
            // Versions but no alias: a migration (or a first creation) stopped just before creating the alias.
            var versions = (await client.ListCollectionsAsync(cancellationToken)).Select(VersionOf).OfType<int>().ToList();
            if (versions.Count > 0)
            {
                live = VersionName(versions.Max());
                await CreateAliasAsync(live, cancellationToken);
            }
        }

        _aliasReady = live is not null;
        return live;
    }

    /// <param name="dimensions">Dense vector size; null creates the collection with the sparse vector only.</param>
    /// <param name="metadata">Collection metadata to create it with (the embedding model), when known.</param>
    public async Task EnsureChunksAsync(int? dimensions, Dictionary<string, Value>? metadata, CancellationToken cancellationToken)
    {
        if (await ChunksExistAsync(cancellationToken))
        {
            return;
        }

        var first = VersionName(1);
        await CreateChunkShapedAsync(first, dimensions, metadata, cancellationToken);
        await CreateAliasAsync(first, cancellationToken);
        _aliasReady = true;
    }

    /// <summary>
    /// Moves the alias from <paramref name="from"/> to <paramref name="to"/> in ONE UpdateAliases call (delete + create),
    /// which Qdrant applies atomically: every request sees either the old collection or the new one.
    /// </summary>
    public Task SwitchAliasAsync(string to, CancellationToken cancellationToken) =>
        client.UpdateAliasesAsync(
            [
                new AliasOperations { DeleteAlias = new DeleteAlias { AliasName = Alias } },
                new AliasOperations { CreateAlias = new CreateAlias { AliasName = Alias, CollectionName = to } },
            ],
            cancellationToken: cancellationToken);

    /// <summary>
    /// Creates a collection shaped like the chunk collection — named dense vector of <paramref name="dimensions"/>
    /// (none when null), the sparse vector with IDF and the payload indexes — under any name.
    /// </summary>
    public async Task CreateChunkShapedAsync(string collection, int? dimensions, Dictionary<string, Value>? metadata, CancellationToken cancellationToken)
    {
        var dense = new VectorParamsMap();
        if (dimensions is { } size)
        {
            dense.Map[options.VectorName] = new VectorParams { Size = (ulong)size, Distance = Distance.Cosine };
        }

        var request = new CreateCollection
        {
            CollectionName = collection,
            VectorsConfig = new VectorsConfig { ParamsMap = dense },
            // Qdrant multiplies in IDF from its own collection statistics at query time (see SparseTextEncoder).
            SparseVectorsConfig = new SparseVectorConfig { Map = { [options.SparseVectorName] = new SparseVectorParams { Modifier = Modifier.Idf } } },
        };
        if (metadata is not null)
        {
            request.Metadata.Add(metadata);
        }

        await CreateAsync(request, cancellationToken);
        foreach (var field in ChunkKeywordIndexes)
        {
            await client.CreatePayloadIndexAsync(collection, field, PayloadSchemaType.Keyword, cancellationToken: cancellationToken);
        }

        // chunk_index is range-filtered when a re-ingested document shrinks.
        await client.CreatePayloadIndexAsync(collection, QdrantPayloads.ChunkIndex, PayloadSchemaType.Integer, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Copies the pre-alias collection into <c>_v1</c>, drops it and creates the alias. When an old-style reindex was cut
    /// off during its swap (its staging collection complete, marked "ready"), staging holds the data and is copied instead.
    /// </summary>
    private async Task<string> MigrateAsync(CancellationToken cancellationToken)
    {
        var source = Alias;
        var info = await client.GetCollectionInfoAsync(Alias, cancellationToken);
        var metadata = QdrantMetadata.Copy(info);
        if (await client.InfoOrNullAsync(LegacyStaging, cancellationToken) is { } staging
            && QdrantMetadata.StateOf(staging) == QdrantMetadata.Ready && QdrantMetadata.TargetOf(staging) is { } target)
        {
            (source, info, metadata) = (LegacyStaging, staging, QdrantMetadata.Space(target));
        }

        var first = VersionName(1);
        if (!await client.CollectionExistsAsync(first, cancellationToken))
        {
            await CreateChunkShapedAsync(first, QdrantMetadata.DenseSize(info, options.VectorName), metadata, cancellationToken);
        }

        var dense = new WithVectorsSelector { Include = new VectorsSelector { Names = { options.VectorName } } };
        await foreach (var page in client.ScrollAllAsync(source, null, true, dense, (uint)options.UpsertBatchSize, cancellationToken))
        {
            var points = page.Select(p => new PointStruct
            {
                Id = p.Id,
                Payload = { p.Payload },
                Vectors = QdrantPayloads.ChunkVectors(p.Payload.TryGetValue("text", out var t) ? t.StringValue : "", DenseOf(p), options),
            }).ToList();
            await client.UpsertAsync(first, points, cancellationToken: cancellationToken);
        }

        // From here until the alias exists the live name is missing: a one-time gap of two calls, since an alias
        // cannot take the name of an existing collection.
        await client.DropAsync(LegacyStaging, cancellationToken);
        await client.DropAsync(Alias, cancellationToken);
        await CreateAliasAsync(first, cancellationToken);
        return first;
    }

    private ReadOnlyMemory<float>? DenseOf(RetrievedPoint point) =>
        point.Vectors?.Vectors?.Vectors.TryGetValue(options.VectorName, out var v) == true && v.Dense is { } d ? d.Data.ToArray() : null;

    private async Task CreateAliasAsync(string collection, CancellationToken cancellationToken)
    {
        try
        {
            await client.CreateAliasAsync(Alias, collection, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is QdrantException or global::Qdrant.Client.QdrantException)
        {
            // Another process may have created it meanwhile: that is fine if it points at the same place.
            var aliases = await client.ListAliasesAsync(cancellationToken);
            if (!aliases.Any(a => a.AliasName == Alias && a.CollectionName == collection))
            {
                throw;
            }
        }
    }

    private async Task CreateAsync(CreateCollection request, CancellationToken cancellationToken)
    {
        try
        {
            await client.CreateCollectionAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is QdrantException or global::Qdrant.Client.QdrantException)
        {
            // Another process may have created it between our existence check and the create: that is fine.
            if (!await client.CollectionExistsAsync(request.CollectionName, cancellationToken))
            {
                throw;
            }
        }
    }
}
