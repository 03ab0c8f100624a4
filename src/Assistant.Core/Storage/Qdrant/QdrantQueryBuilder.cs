using System.Text.Json.Nodes;
using Assistant.Core.Retrieval;

namespace Assistant.Core.Storage.Qdrant;

/// <summary>
/// Builds the /points/query request for a SearchQuery. Keyword and hybrid search run inside Qdrant: the keyword
/// leg is the sparse BM25 vector, and hybrid prefetches both legs and fuses them with Reciprocal Rank Fusion,
/// so one round trip answers and nothing has to be scanned client-side however large the collection is.
/// </summary>
internal static class QdrantQueryBuilder
{
    /// <returns>The request, or null when the query cannot match anything (no terms and no vector).</returns>
    public static JsonObject? Build(SearchQuery query, QdrantOptions options)
    {
        if (query.Top <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Top, "SearchQuery.Top must be at least 1.");
        }

        var filter = QdrantPayloads.ChunkFilter(query.Filter);
        var sparse = SparseTextEncoder.EncodeQuery(query.Text ?? "");
        var vector = query.Vector;
        if (query.Mode == SearchMode.Dense && vector is null)
        {
            throw new InvalidOperationException(
                "SearchMode.Dense needs SearchQuery.Vector, but the query has none: configure an embedding model or search with Keyword or Hybrid.");
        }

        var useDense = query.Mode != SearchMode.Keyword && vector is not null;
        var useSparse = query.Mode != SearchMode.Dense && !sparse.IsEmpty;
        if (!useDense && !useSparse)
        {
            return null;
        }

        JsonObject request;
        if (useDense && useSparse)
        {
            // Each leg fetches a deeper candidate list than Top so that fusion can promote passages both legs like.
            var candidates = Math.Max(query.Top * 4, 20);
            request = new JsonObject
            {
                ["prefetch"] = new JsonArray(
                    Leg(QdrantPayloads.FloatArray(vector!.Value.Span), options.VectorName, filter, candidates),
                    Leg(QdrantPayloads.Sparse(sparse), options.SparseVectorName, filter, candidates)),
                ["query"] = new JsonObject { ["fusion"] = "rrf" },
            };
        }
        else
        {
            request = useDense
                ? Leg(QdrantPayloads.FloatArray(vector!.Value.Span), options.VectorName, filter, query.Top)
                : Leg(QdrantPayloads.Sparse(sparse), options.SparseVectorName, filter, query.Top);
        }

        request["limit"] = query.Top;
        request["with_payload"] = new JsonArray(QdrantPayloads.HitFields.Select(f => (JsonNode?)f).ToArray());
        request["with_vector"] = false;
        if (query.MinScore is { } min)
        {
            // Applies to the final score: cosine for Dense, BM25 for Keyword, the RRF score for Hybrid.
            request["score_threshold"] = min;
        }

        return request;
    }

    private static JsonObject Leg(JsonNode query, string vectorName, JsonObject? filter, int limit)
    {
        var leg = new JsonObject { ["query"] = query, ["using"] = vectorName, ["limit"] = limit };
        if (filter is not null)
        {
            leg["filter"] = filter.DeepClone();
        }

        return leg;
    }
}
