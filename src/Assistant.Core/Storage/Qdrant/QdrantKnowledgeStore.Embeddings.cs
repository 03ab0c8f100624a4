using System.Text.Json.Nodes;
using Assistant.Core.Documents;

namespace Assistant.Core.Storage.Qdrant;

/// <summary>
/// Which embedding model the vectors come from, and re-embedding, on Qdrant.
/// <para>
/// The model is recorded in the chunk collection's metadata (<c>embedding_model</c>, <c>embedding_dimensions</c>);
/// the dense vector's size is part of the collection's config, so a model with another size needs a new collection.
/// </para>
/// <para>
/// A reindex builds a staging collection <c>{Collection}__reindex</c> beside the live one — same sparse vector,
/// same payload indexes, the target's dense size — whose metadata holds <c>reindex_target</c> and
/// <c>state</c> ("building", then "ready"). Points are copied from the live collection page by page with a new dense
/// vector; a point already in staging with the same payload is skipped, which is what makes an interrupted run
/// resumable (and what catches documents re-ingested meanwhile: their payload differs, so they are embedded again).
/// Search keeps using the live collection and the old model while staging is built.
/// </para>
/// <para>
/// The swap then deletes the live collection, recreates it with the target size and model, copies every staging
/// point into it and deletes staging. Qdrant has no rename and no transaction across collections, so during this
/// window search and ingest are degraded: the live collection is missing, then partly filled. A run that stops in
/// the window leaves staging in state "ready", and the next run goes straight back to the swap, which is idempotent.
/// Collection aliases would make the switch atomic, but only if the live name had been an alias from the start:
/// existing indexes have a real collection under that name, an alias cannot take the name of an existing
/// collection, and moving to aliases would itself need a copy with the same window — so it is not done here.
/// </para>
/// </summary>
public sealed partial class QdrantKnowledgeStore
{
    private const string ModelKey = "embedding_model";
    private const string DimensionsKey = "embedding_dimensions";
    private const string TargetKey = "reindex_target";
    private const string StateKey = "state";
    private const string Building = "building";
    private const string Ready = "ready";

    private EmbeddingState? _embeddingState;

    /// <summary>Where a reindex builds the new vectors; exists only while one is unfinished.</summary>
    public string StagingCollection => _options.Collection + "__reindex";

    public async Task<IReadOnlyList<Chunk>> GetChunksAsync(string documentId, CancellationToken cancellationToken)
    {
        if (!await _collections.ChunksExistAsync(cancellationToken))
        {
            return [];
        }

        var chunks = new List<Chunk>();
        var filter = QdrantPayloads.Must(QdrantPayloads.MatchValue(QdrantPayloads.DocumentId, documentId));
        await foreach (var page in ScrollAsync(_options.Collection, filter, true, JsonValue.Create(false), PageSize, cancellationToken))
        {
            chunks.AddRange(page.Select(p => QdrantPayloads.ToChunk(p!)));
        }

        // Scroll pages come in point-id order, which is a hash of the chunk index, not the index itself.
        return chunks.OrderBy(c => c.Index).ToList();
    }

    public async Task<EmbeddingState> GetEmbeddingStateAsync(CancellationToken cancellationToken)
    {
        // Cached until this store writes: searches check it on every call and counting points is not free.
        if (Volatile.Read(ref _embeddingState) is { } cached) return cached;

        var staging = await _client.GetCollectionInfoAsync(StagingCollection, cancellationToken);
        var pending = staging is null ? null : TargetOf(staging);
        var info = await _client.GetCollectionInfoAsync(_options.Collection, cancellationToken);
        EmbeddingState state;
        if (info is null)
        {
            state = new EmbeddingState(null, 0, 0, pending);
        }
        else
        {
            var chunks = await _client.CountAsync(_options.Collection, null, cancellationToken);
            var size = DenseSize(info);
            var withVectors = size is null ? 0 : await _client.CountAsync(_options.Collection, HasDenseVector(), cancellationToken);
            var space = SpaceOf(info) ?? (withVectors > 0 ? new EmbeddingSpace(EmbeddingSpace.UnrecordedModel, size!.Value) : null);
            state = new EmbeddingState(space, (int)chunks, (int)withVectors, pending);
        }

        Volatile.Write(ref _embeddingState, state);
        return state;
    }

    public async Task SetEmbeddingSpaceAsync(EmbeddingSpace space, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(space);
        try
        {
            var info = await _client.GetCollectionInfoAsync(_options.Collection, cancellationToken);
            if (info is null)
            {
                _collections.ForgetChunks();
                await _collections.EnsureChunksAsync(space.Dimensions, SpaceMetadata(space), cancellationToken);
                return;
            }

            var size = DenseSize(info);
            if (size == space.Dimensions)
            {
                await _client.UpdateCollectionAsync(_options.Collection, new JsonObject { ["metadata"] = SpaceMetadata(space) }, cancellationToken);
                return;
            }

            // The dense size is fixed when a collection is created. Recreating is harmless while it is empty (created
            // keyword-only by an earlier ingest without a model); with points it would lose them.
            var points = await _client.CountAsync(_options.Collection, null, cancellationToken);
            if (points > 0)
            {
                var held = size is null ? "no dense vectors" : $"{size}-dimensional dense vectors";
                throw new InvalidOperationException(
                    $"Qdrant collection '{_options.Collection}' holds {points} chunks with {held}, so it cannot take vectors from {space}. "
                    + "Run `assistant reindex` to re-embed them.");
            }

            await _client.DeleteCollectionAsync(_options.Collection, cancellationToken);
            _collections.ForgetChunks();
            await _collections.EnsureChunksAsync(space.Dimensions, SpaceMetadata(space), cancellationToken);
        }
        finally
        {
            InvalidateEmbeddingState();
        }
    }

    public async Task ReembedAsync(EmbeddingSpace? target, EmbedTexts? embed, int batchSize, IProgress<ReembedProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        try
        {
            if (target is null)
            {
                await DropVectorsAsync(cancellationToken);
                return;
            }

            ArgumentNullException.ThrowIfNull(embed);
            var staging = await _client.GetCollectionInfoAsync(StagingCollection, cancellationToken);
            if (staging is not null && TargetOf(staging) != target)
            {
                // Built for another target (or not by us): its vectors are useless now.
                await _client.DeleteCollectionAsync(StagingCollection, cancellationToken);
                staging = null;
            }

            if (staging is null || StateOf(staging) != Ready)
            {
                if (staging is null)
                {
                    await _collections.CreateChunkShapedAsync(StagingCollection, target.Dimensions, StagingMetadata(target, Building), cancellationToken);
                    InvalidateEmbeddingState();
                }

                await BuildStagingAsync(target, embed, batchSize, progress, cancellationToken);
                await _client.UpdateCollectionAsync(StagingCollection, new JsonObject { ["metadata"] = new JsonObject { [StateKey] = Ready } }, cancellationToken);
            }

            await SwapAsync(target, cancellationToken);
        }
        finally
        {
            InvalidateEmbeddingState();
        }
    }

    private void InvalidateEmbeddingState() => Volatile.Write(ref _embeddingState, null);

    /// <summary>Makes staging mirror the live collection: same ids and payloads, sparse vectors copied, dense vectors new.</summary>
    private async Task BuildStagingAsync(EmbeddingSpace target, EmbedTexts embed, int batchSize, IProgress<ReembedProgress>? progress, CancellationToken cancellationToken)
    {
        if (!await _client.CollectionExistsAsync(_options.Collection, cancellationToken))
        {
            return;
        }

        var total = (int)await _client.CountAsync(_options.Collection, null, cancellationToken);
        var done = Math.Min(total, (int)await _client.CountAsync(StagingCollection, null, cancellationToken));
        progress?.Report(new ReembedProgress(done, total));
        var withSparse = new JsonArray(JsonValue.Create(_options.SparseVectorName));

        // Documents re-ingested or added during a pass are caught by the next one: repeat until a pass finds
        // every live point already in staging with the same payload.
        int embeddedInPass;
        do
        {
            embeddedInPass = 0;
            await foreach (var page in ScrollAsync(_options.Collection, null, true, withSparse, batchSize, cancellationToken))
            {
                var stale = await NotYetInStagingAsync(page, cancellationToken);
                if (stale.Count == 0)
                {
                    continue;
                }

                var vectors = await embed(stale.Select(QdrantPayloads.EmbeddingText).ToList(), cancellationToken);
                target.CheckVectors(vectors, stale.Count);
                await _client.UpsertAsync(StagingCollection, stale.Select((p, i) => StagingPoint(p, vectors[i])).ToList(), cancellationToken);
                embeddedInPass += stale.Count;
                done += stale.Count;
                progress?.Report(new ReembedProgress(done, Math.Max(total, done)));
            }
        }
        while (embeddedInPass > 0);

        await PruneStagingAsync(cancellationToken);
    }

    /// <summary>The points of <paramref name="page"/> that staging lacks, or holds with another payload (re-ingested since).</summary>
    private async Task<List<JsonNode>> NotYetInStagingAsync(JsonArray page, CancellationToken cancellationToken)
    {
        var built = await _client.RetrieveAsync(StagingCollection, page.Select(p => p!["id"]!), JsonValue.Create(true), JsonValue.Create(false), cancellationToken);
        var payloads = built.ToDictionary(p => p!["id"]!.ToJsonString(), p => p!["payload"]);
        return page
            .Where(p => !payloads.TryGetValue(p!["id"]!.ToJsonString(), out var payload) || !JsonNode.DeepEquals(payload, p["payload"]))
            .Select(p => p!)
            .ToList();
    }

    private JsonObject StagingPoint(JsonNode live, ReadOnlyMemory<float> vector)
    {
        var vectors = new JsonObject { [_options.VectorName] = QdrantPayloads.FloatArray(vector.Span) };
        if (live["vector"]?[_options.SparseVectorName] is { } sparse)
        {
            vectors[_options.SparseVectorName] = sparse.DeepClone();
        }

        return new JsonObject { ["id"] = live["id"]!.DeepClone(), ["vector"] = vectors, ["payload"] = live["payload"]?.DeepClone() };
    }

    /// <summary>
    /// Removes staging points whose chunk was deleted from the live collection meanwhile, so the swap does not bring
    /// them back. After the passes staging holds every live id, so equal counts mean equal sets and nothing to scan.
    /// </summary>
    private async Task PruneStagingAsync(CancellationToken cancellationToken)
    {
        var live = await _client.CountAsync(_options.Collection, null, cancellationToken);
        if (await _client.CountAsync(StagingCollection, null, cancellationToken) == live)
        {
            return;
        }

        await foreach (var page in ScrollAsync(StagingCollection, null, false, JsonValue.Create(false), PageSize, cancellationToken))
        {
            var present = (await _client.RetrieveAsync(_options.Collection, page.Select(p => p!["id"]!), JsonValue.Create(false), JsonValue.Create(false), cancellationToken))
                .Select(p => p!["id"]!.ToJsonString())
                .ToHashSet();
            var gone = page.Where(p => !present.Contains(p!["id"]!.ToJsonString())).Select(p => p!["id"]!.DeepClone()).ToArray();
            if (gone.Length > 0)
            {
                await _client.DeleteByFilterAsync(StagingCollection, QdrantPayloads.Must(new JsonObject { ["has_id"] = new JsonArray(gone) }), cancellationToken);
            }
        }
    }

    /// <summary>Replaces the live collection with staging's points; safe to repeat after an interruption.</summary>
    private async Task SwapAsync(EmbeddingSpace target, CancellationToken cancellationToken)
    {
        await _client.DeleteCollectionAsync(_options.Collection, cancellationToken);
        _collections.ForgetChunks();
        await _collections.EnsureChunksAsync(target.Dimensions, SpaceMetadata(target), cancellationToken);
        await foreach (var page in ScrollAsync(StagingCollection, null, true, JsonValue.Create(true), PageSize, cancellationToken))
        {
            var points = page.Select(p => new JsonObject
            {
                ["id"] = p!["id"]!.DeepClone(),
                ["vector"] = p["vector"]?.DeepClone() ?? new JsonObject(),
                ["payload"] = p["payload"]?.DeepClone(),
            }).ToList();
            await _client.UpsertAsync(_options.Collection, points, cancellationToken);
        }

        await _client.DeleteCollectionAsync(StagingCollection, cancellationToken);
    }

    private async Task DropVectorsAsync(CancellationToken cancellationToken)
    {
        await _client.DeleteCollectionAsync(StagingCollection, cancellationToken); // an unfinished reindex is abandoned
        var info = await _client.GetCollectionInfoAsync(_options.Collection, cancellationToken);
        if (info is null)
        {
            return;
        }

        if (DenseSize(info) is not null)
        {
            await _client.DeleteVectorsAsync(_options.Collection, HasDenseVector(), [_options.VectorName], cancellationToken);
        }

        var cleared = new JsonObject { [ModelKey] = null, [DimensionsKey] = null };
        await _client.UpdateCollectionAsync(_options.Collection, new JsonObject { ["metadata"] = cleared }, cancellationToken);
    }

    /// <summary>Every page of a scroll over <paramref name="collection"/>, in Qdrant's (point id) order.</summary>
    private async IAsyncEnumerable<JsonArray> ScrollAsync(
        string collection,
        JsonObject? filter,
        bool withPayload,
        JsonNode withVector,
        int pageSize,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        JsonNode? offset = null;
        do
        {
            var request = new JsonObject { ["limit"] = pageSize, ["with_payload"] = withPayload, ["with_vector"] = withVector.DeepClone() };
            if (filter is not null)
            {
                request["filter"] = filter.DeepClone();
            }

            if (offset is not null)
            {
                request["offset"] = offset;
            }

            (var points, offset) = await _client.ScrollAsync(collection, request, cancellationToken);
            if (points.Count > 0)
            {
                yield return points;
            }
        }
        while (offset is not null);
    }

    private JsonObject HasDenseVector() => QdrantPayloads.Must(new JsonObject { ["has_vector"] = _options.VectorName });

    private int? DenseSize(JsonNode info) => info["config"]?["params"]?["vectors"]?[_options.VectorName]?["size"]?.GetValue<int>();

    /// <summary>The model recorded in the collection's metadata, or null when none is.</summary>
    private static EmbeddingSpace? SpaceOf(JsonNode info) => SpaceIn(info["config"]?["metadata"], ModelKey, DimensionsKey);

    private static EmbeddingSpace? TargetOf(JsonNode stagingInfo) => SpaceIn(stagingInfo["config"]?["metadata"]?[TargetKey], "model", "dimensions");

    private static string? StateOf(JsonNode stagingInfo) => stagingInfo["config"]?["metadata"]?[StateKey]?.GetValue<string>();

    private static EmbeddingSpace? SpaceIn(JsonNode? node, string modelKey, string dimensionsKey) =>
        node?[modelKey] is JsonValue model && node[dimensionsKey] is JsonValue dims
            ? new EmbeddingSpace(model.GetValue<string>(), dims.GetValue<int>())
            : null;

    private static JsonObject SpaceMetadata(EmbeddingSpace space) => new() { [ModelKey] = space.Model, [DimensionsKey] = space.Dimensions };

    private static JsonObject StagingMetadata(EmbeddingSpace target, string state) => new()
    {
        [TargetKey] = new JsonObject { ["model"] = target.Model, ["dimensions"] = target.Dimensions },
        [StateKey] = state,
    };

    /// <summary>The configured model's metadata for a chunk collection created at start-up, when both name and size are configured.</summary>
    private JsonObject? ConfiguredSpaceMetadata() =>
        _options is { EmbeddingModel: { } model, Dimensions: { } dims } ? SpaceMetadata(new EmbeddingSpace(model, dims)) : null;
}
