using System.Runtime.CompilerServices;
using Grpc.Core;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Assistant.Core.Storage.Qdrant;

/// <summary>The few compositions of QdrantClient calls the store repeats: paging, batching, tolerant reads and drops.</summary>
internal static class QdrantClientExtensions
{
    /// <summary>Every page of a scroll over <paramref name="collection"/>, in Qdrant's (point id) order.</summary>
    public static async IAsyncEnumerable<IReadOnlyList<RetrievedPoint>> ScrollAllAsync(
        this QdrantClient client,
        string collection,
        Filter? filter,
        WithPayloadSelector payload,
        WithVectorsSelector vectors,
        uint pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        PointId? offset = null;
        do
        {
            var page = await client.ScrollAsync(collection, filter, pageSize, offset, payload, vectors, cancellationToken: cancellationToken);
            if (page.Result.Count > 0)
            {
                yield return page.Result;
            }

            offset = page.NextPageOffset;
        }
        while (offset is not null);
    }

    /// <summary>Upserts in batches, each acknowledged only once applied (wait=true, QdrantClient's default).</summary>
    public static async Task UpsertBatchedAsync(this QdrantClient client, string collection, IReadOnlyList<PointStruct> points, int batchSize, CancellationToken cancellationToken)
    {
        foreach (var batch in points.Chunk(batchSize))
        {
            await client.UpsertAsync(collection, batch, cancellationToken: cancellationToken);
        }
    }

    /// <returns>The collection's info, or null when it does not exist.</returns>
    public static async Task<CollectionInfo?> InfoOrNullAsync(this QdrantClient client, string collection, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetCollectionInfoAsync(collection, cancellationToken);
        }
        catch (QdrantException ex) when (ex.Status == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Drops a collection and its points; one that is already gone is not an error.</summary>
    public static async Task DropAsync(this QdrantClient client, string collection, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteCollectionAsync(collection, cancellationToken: cancellationToken);
        }
        catch (global::Qdrant.Client.QdrantException)
        {
            // QdrantClient throws when Qdrant answers "nothing changed", i.e. there was no such collection.
        }
        catch (QdrantException ex) when (ex.Status == StatusCode.NotFound)
        {
        }
    }

    public static Task<ulong> CountAllAsync(this QdrantClient client, string collection, Filter? filter, CancellationToken cancellationToken) =>
        client.CountAsync(collection, filter, exact: true, cancellationToken: cancellationToken);
}
