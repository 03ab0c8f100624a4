using Assistant.Core.Retrieval;
using Qdrant.Client.Grpc;

namespace Assistant.Core.Storage.Qdrant;

/// <summary>
/// One Query API call for a SearchQuery. Keyword and hybrid search run inside Qdrant: the keyword leg is the sparse
/// BM25 vector, and hybrid prefetches both legs and fuses them with Reciprocal Rank Fusion, so one round trip answers
/// and nothing has to be scanned client-side however large the collection is.
/// </summary>
internal sealed record QdrantQuery(Query Query, IReadOnlyList<PrefetchQuery> Prefetch, string? Using, Filter? Filter, ulong Limit, float? ScoreThreshold)
{
    /// <returns>The query, or null when it cannot match anything (no terms and no vector).</returns>
    public static QdrantQuery? For(SearchQuery query, QdrantOptions options)
    {
        if (query.Top <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Top, "SearchQuery.Top must be at least 1.");
        }

        var filter = QdrantPayloads.ChunkFilter(query.Filter);
        var sparse = SparseTextEncoder.EncodeQuery(query.Text ?? "");
        // An empty vector means none (as in the SQLite store): Qdrant would reject a zero-length dense query.
        var vector = query.Vector is { Length: > 0 } v ? v : (ReadOnlyMemory<float>?)null;
        if (query.Mode == SearchMode.Dense && vector is null)
        {
            throw new InvalidOperationException(
                "SearchMode.Dense needs SearchQuery.Vector, but the query has none: configure an embedding model or search with Keyword or Hybrid.");
        }

        var useDense = query.Mode != SearchMode.Keyword && vector is not null;
        var useSparse = query.Mode != SearchMode.Dense && !sparse.IsEmpty;
        // Applies to the final score: cosine for Dense, BM25 for Keyword, the RRF score for Hybrid.
        var threshold = query.MinScore is { } min ? (float)min : (float?)null;
        var top = (ulong)query.Top;
        if (useDense && useSparse)
        {
            // Each leg fetches a deeper candidate list than Top so that fusion can promote passages both legs like.
            var candidates = (ulong)Math.Max(query.Top * 4, 20);
            PrefetchQuery[] legs =
            [
                Leg(DenseInput(vector!.Value), options.VectorName, filter, candidates),
                Leg(SparseInput(sparse), options.SparseVectorName, filter, candidates),
            ];
            return new QdrantQuery(new Query { Fusion = Fusion.Rrf }, legs, null, null, top, threshold);
        }

        if (useDense)
        {
            return new QdrantQuery(new Query { Nearest = DenseInput(vector!.Value) }, [], options.VectorName, filter, top, threshold);
        }

        return useSparse
            ? new QdrantQuery(new Query { Nearest = SparseInput(sparse) }, [], options.SparseVectorName, filter, top, threshold)
            : null;
    }

    private static PrefetchQuery Leg(VectorInput input, string vectorName, Filter? filter, ulong limit)
    {
        var leg = new PrefetchQuery { Query = new Query { Nearest = input }, Using = vectorName, Limit = limit };
        if (filter is not null)
        {
            leg.Filter = filter;
        }

        return leg;
    }

    private static VectorInput DenseInput(ReadOnlyMemory<float> vector)
    {
        var dense = new DenseVector();
        dense.Data.Add(vector.ToArray());
        return new VectorInput { Dense = dense };
    }

    private static VectorInput SparseInput(SparseVectorData sparse) => new() { Sparse = QdrantPayloads.Sparse(sparse) };
}
