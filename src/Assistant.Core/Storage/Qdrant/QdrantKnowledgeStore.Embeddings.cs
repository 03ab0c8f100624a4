using Assistant.Core.Documents;
using Qdrant.Client.Grpc;

namespace Assistant.Core.Storage.Qdrant;

/// <summary>
/// Which embedding model the vectors come from, and re-embedding, on Qdrant.
/// <para>
/// The model is recorded in the live collection's metadata (see <see cref="QdrantMetadata"/>); the dense vector's size
/// is part of a collection's config, so a model with another size needs a new collection — which is what the alias is for.
/// </para>
/// <para>
/// A reindex builds the next version <c>{Collection}_v{n+1}</c> beside the live <c>_v{n}</c> — same sparse vector and
/// payload indexes, the target's dense size — whose metadata holds the target. Points are copied from the live version
/// page by page with a new dense vector; a point already built with the same payload is skipped, which is what makes an
/// interrupted run resumable and what catches documents ingested or re-ingested meanwhile (the passes repeat until one
/// finds nothing new). Points deleted meanwhile are pruned. Search and ingest keep using the live version and the old model
/// throughout. Then ONE UpdateAliases call moves the alias to the new version, a last pass copies whatever reached the old
/// version between the final check and the switch, and the old version is dropped. There is no moment where the alias is
/// missing or points at a half-built collection.
/// </para>
/// </summary>
public sealed partial class QdrantKnowledgeStore
{
    private EmbeddingState? _embeddingState;

    public async Task<IReadOnlyList<Chunk>> GetChunksAsync(string documentId, CancellationToken cancellationToken)
    {
        if (!await _collections.ChunksExistAsync(cancellationToken))
        {
            return [];
        }

        var chunks = new List<Chunk>();
        await foreach (var page in _client.ScrollAllAsync(_collections.Alias, QdrantPayloads.ByDocument(documentId), true, false, PageSize, cancellationToken))
        {
            chunks.AddRange(page.Select(p => QdrantPayloads.ToChunk(p.Payload)));
        }

        // Scroll pages come in point-id order, which is a hash of the chunk index, not the index itself.
        return chunks.OrderBy(c => c.Index).ToList();
    }

    public async Task<EmbeddingState> GetEmbeddingStateAsync(CancellationToken cancellationToken)
    {
        // Cached until this store writes: searches check it on every call and counting points is not free.
        if (Volatile.Read(ref _embeddingState) is { } cached) return cached;

        var live = await _collections.LiveAsync(cancellationToken);
        var state = EmbeddingState.Empty;
        if (live is not null && await _client.InfoOrNullAsync(live, cancellationToken) is { } info)
        {
            var next = await _client.InfoOrNullAsync(_collections.NextVersion(live), cancellationToken);
            var pending = next is null ? null : QdrantMetadata.TargetOf(next);
            var chunks = await _client.CountAllAsync(_collections.Alias, null, cancellationToken);
            var size = QdrantMetadata.DenseSize(info, _options.VectorName);
            var withVectors = size is null ? 0 : await _client.CountAllAsync(_collections.Alias, HasDenseVector(), cancellationToken);
            var space = QdrantMetadata.SpaceOf(info) ?? (withVectors > 0 ? new EmbeddingSpace(EmbeddingSpace.UnrecordedModel, size!.Value) : null);
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
            var live = await _collections.LiveAsync(cancellationToken);
            if (live is null)
            {
                await _collections.EnsureChunksAsync(space.Dimensions, QdrantMetadata.Space(space), cancellationToken);
                return;
            }

            var info = await _client.GetCollectionInfoAsync(live, cancellationToken);
            var size = QdrantMetadata.DenseSize(info, _options.VectorName);
            if (size == space.Dimensions)
            {
                await _client.UpdateCollectionAsync(live, QdrantMetadata.Space(space), cancellationToken: cancellationToken);
                return;
            }

            // The dense size is fixed when a collection is created. Replacing it is harmless while it is empty (created
            // keyword-only by an earlier ingest without a model); with points it would lose them.
            var points = await _client.CountAllAsync(_collections.Alias, null, cancellationToken);
            if (points > 0)
            {
                var held = size is null ? "no dense vectors" : $"{size}-dimensional dense vectors";
                throw new InvalidOperationException(
                    $"Qdrant collection '{_collections.Alias}' holds {points} chunks with {held}, so it cannot take vectors from {space}. "
                    + "Run `assistant reindex` to re-embed them.");
            }

            var next = _collections.NextVersion(live);
            await _client.DropAsync(next, cancellationToken);
            await _collections.CreateChunkShapedAsync(next, space.Dimensions, QdrantMetadata.Space(space), cancellationToken);
            await _collections.SwitchAliasAsync(next, cancellationToken);
            await _client.DropAsync(live, cancellationToken);
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
            var live = await _collections.LiveAsync(cancellationToken);
            if (live is null)
            {
                await _collections.EnsureChunksAsync(target.Dimensions, QdrantMetadata.Space(target), cancellationToken);
                return;
            }

            await DropOlderVersionsAsync(live, cancellationToken);
            var next = _collections.NextVersion(live);
            var built = await _client.InfoOrNullAsync(next, cancellationToken);
            if (built is not null && QdrantMetadata.TargetOf(built) != target)
            {
                // Built for another target: its vectors are useless now.
                await _client.DropAsync(next, cancellationToken);
                built = null;
            }

            if (built is null)
            {
                await _collections.CreateChunkShapedAsync(next, target.Dimensions, QdrantMetadata.Reindex(target, QdrantMetadata.Building), cancellationToken);
                InvalidateEmbeddingState();
            }

            var reembed = new Reembedding(this, target, embed, (uint)batchSize);
            var total = (int)await _client.CountAllAsync(live, null, cancellationToken);
            var done = Math.Min(total, (int)await _client.CountAllAsync(next, null, cancellationToken));
            progress?.Report(new ReembedProgress(done, total));
            int embedded;
            do
            {
                embedded = await reembed.PassAsync(live, next, n => progress?.Report(new ReembedProgress(done += n, Math.Max(total, done))), cancellationToken);
            }
            while (embedded > 0);

            await PruneAsync(live, next, cancellationToken);
            var ready = QdrantMetadata.Space(target);
            foreach (var (key, value) in QdrantMetadata.Reindex(target, QdrantMetadata.Ready)) ready[key] = value;
            await _client.UpdateCollectionAsync(next, ready, cancellationToken: cancellationToken);

            await _collections.SwitchAliasAsync(next, cancellationToken);

            // Writes that reached the old version between the last pass and the switch.
            await reembed.PassAsync(live, next, _ => { }, cancellationToken);
            await _client.DropAsync(live, cancellationToken);
        }
        finally
        {
            InvalidateEmbeddingState();
        }
    }

    private void InvalidateEmbeddingState() => Volatile.Write(ref _embeddingState, null);

    /// <summary>
    /// Removes built points whose chunk was deleted from the live version meanwhile, so the switch does not bring them
    /// back. After the passes the new version holds every live id, so equal counts mean equal sets and nothing to scan.
    /// </summary>
    private async Task PruneAsync(string live, string next, CancellationToken cancellationToken)
    {
        if (await _client.CountAllAsync(next, null, cancellationToken) == await _client.CountAllAsync(live, null, cancellationToken))
        {
            return;
        }

        await foreach (var page in _client.ScrollAllAsync(next, null, false, false, PageSize, cancellationToken))
        {
            var present = (await _client.RetrieveAsync(live, page.Select(p => p.Id).ToList(), payloadSelector: false, vectorSelector: false, cancellationToken: cancellationToken))
                .Select(p => p.Id)
                .ToHashSet();
            var gone = page.Select(p => p.Id).Where(id => !present.Contains(id)).ToList();
            if (gone.Count > 0)
            {
                await _client.DeleteAsync(next, gone, cancellationToken: cancellationToken);
            }
        }
    }

    /// <summary>Drops versions older than the live one: left behind when a run stopped between the switch and the drop.</summary>
    private async Task DropOlderVersionsAsync(string live, CancellationToken cancellationToken)
    {
        var current = _collections.VersionOf(live) ?? 0;
        foreach (var name in await _client.ListCollectionsAsync(cancellationToken))
        {
            if (_collections.VersionOf(name) is { } v && v < current)
            {
                await _client.DropAsync(name, cancellationToken);
            }
        }
    }

    private async Task DropVectorsAsync(CancellationToken cancellationToken)
    {
        var live = await _collections.LiveAsync(cancellationToken);
        if (live is null)
        {
            return;
        }

        await _client.DropAsync(_collections.NextVersion(live), cancellationToken); // an unfinished reindex is abandoned
        var info = await _client.GetCollectionInfoAsync(live, cancellationToken);
        if (QdrantMetadata.DenseSize(info, _options.VectorName) is not null)
        {
            await _client.DeleteVectorsAsync(_collections.Alias, [_options.VectorName], HasDenseVector(), cancellationToken: cancellationToken);
        }

        await _client.UpdateCollectionAsync(live, QdrantMetadata.ClearedSpace(), cancellationToken: cancellationToken);
    }

    /// <summary>The configured model's metadata for a chunk collection created at start-up, when both name and size are configured.</summary>
    private Dictionary<string, Value>? ConfiguredSpaceMetadata() =>
        _options is { EmbeddingModel: { } model, Dimensions: { } dims } ? QdrantMetadata.Space(new EmbeddingSpace(model, dims)) : null;

    /// <summary>One pass of copying live points into the version being built, each with a vector from the target model.</summary>
    private sealed class Reembedding(QdrantKnowledgeStore store, EmbeddingSpace target, EmbedTexts embed, uint batchSize)
    {
        /// <returns>How many chunks were embedded: those missing from <paramref name="to"/> or stored there with another payload.</returns>
        public async Task<int> PassAsync(string from, string to, Action<int> onBatch, CancellationToken cancellationToken)
        {
            var client = store._client;
            var embedded = 0;
            await foreach (var page in client.ScrollAllAsync(from, null, true, false, batchSize, cancellationToken))
            {
                var built = (await client.RetrieveAsync(to, page.Select(p => p.Id).ToList(), payloadSelector: true, vectorSelector: false, cancellationToken: cancellationToken))
                    .ToDictionary(p => p.Id, p => p.Payload);
                var stale = page.Where(p => !built.TryGetValue(p.Id, out var payload) || !payload.Equals(p.Payload)).ToList();
                if (stale.Count == 0)
                {
                    continue;
                }

                var vectors = await embed(stale.Select(p => QdrantPayloads.EmbeddingText(p.Payload)).ToList(), cancellationToken);
                target.CheckVectors(vectors, stale.Count);
                var points = stale.Select((p, i) => new PointStruct
                {
                    Id = p.Id,
                    Payload = { p.Payload },
                    Vectors = QdrantPayloads.ChunkVectors(p.Payload.TryGetValue("text", out var t) ? t.StringValue : "", vectors[i], store._options),
                }).ToList();
                await client.UpsertBatchedAsync(to, points, store._options.UpsertBatchSize, cancellationToken);
                embedded += stale.Count;
                onBatch(stale.Count);
            }

            return embedded;
        }
    }
}
