using System.Text;
using System.Text.Json;
using Assistant.Core.Retrieval;
using Assistant.Core.Retrieval.Dense;
using Microsoft.Data.Sqlite;

namespace Assistant.Core.Storage.Sqlite;

public sealed partial class SqliteKnowledgeStore
{
    private readonly Lock _denseLock = new();
    private DenseVectorIndex? _dense;
    private long _denseGeneration = -1;
    private long _denseNewerGeneration = -1;
    private long _denseNewerSeen;

    /// <summary>Dense leg: an exact SIMD scan over all stored vectors, loaded into memory on first use.</summary>
    private async Task<IReadOnlyList<SearchHit>> DenseSearchAsync(SearchQuery query, ReadOnlyMemory<float> vector, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // One snapshot for the generation, the filter and the rows read back.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var generation = await IndexGenerationAsync(connection, transaction, cancellationToken);
        var index = await LoadDenseIndexAsync(generation, cancellationToken);
        if (index is null) return [];
        if (vector.Length != index.Dimensions)
        {
            throw new InvalidOperationException($"The query vector has {vector.Length} dimensions but the index holds {index.Dimensions}-dimensional vectors: the embedding model changed. Run `assistant reindex` to re-embed every document with the current model.");
        }

        // The server scopes every search to its key's base; when the index holds no other base, listing every chunk
        // of it to allow them all would cost more than the scan.
        var filter = await WithoutRedundantKnowledgeBaseAsync(connection, transaction, query.Filter, cancellationToken);
        HashSet<long>? allowed = null;
        if (HasConstraints(filter)) allowed = await AllowedRowIdsAsync(connection, transaction, filter!, cancellationToken);
        var hits = index.Search(vector.Span, limit, allowed is null ? null : allowed.Contains);
        var rows = await LoadRowsAsync(connection, transaction, hits.Select(h => h.Id).ToList(), cancellationToken);

        var result = new List<SearchHit>(hits.Count);
        foreach (var hit in hits)
        {
            if (query.MinScore is { } min && hit.Score < min) break;
            // A row another process deleted since the vectors were read is gone from this snapshot: skipped.
            if (rows.TryGetValue(hit.Id, out var row)) result.Add(row with { Rank = result.Count + 1, Score = hit.Score });
        }

        return result;
    }

    /// <summary>Keyword and dense candidates fused by Reciprocal Rank Fusion: ranks, not raw scores, so BM25 and cosine need no calibration.</summary>
    private async Task<IReadOnlyList<SearchHit>> HybridSearchAsync(SearchQuery query, ReadOnlyMemory<float> vector, CancellationToken cancellationToken)
    {
        var perLeg = Math.Max(query.Top, _retrieval.CandidatesPerLeg);
        var keyword = await KeywordSearchAsync(query with { MinScore = null }, perLeg, cancellationToken);
        var dense = await DenseSearchAsync(query with { MinScore = null }, vector, perLeg, cancellationToken);
        var byKey = keyword.Concat(dense).GroupBy(h => (h.DocumentId, h.ChunkIndex)).ToDictionary(g => g.Key, g => g.First());
        var fused = ReciprocalRankFusion.Fuse<(string, int)>(
            [
                new("keyword", keyword.Select(h => (h.DocumentId, h.ChunkIndex)).ToList(), _retrieval.KeywordWeight),
                new("dense", dense.Select(h => (h.DocumentId, h.ChunkIndex)).ToList(), _retrieval.DenseWeight),
            ],
            _retrieval.RrfK);

        return fused
            .Where(f => query.MinScore is not { } min || f.Score >= min)
            .Take(query.Top)
            .Select((f, i) => byKey[f.Key] with { Rank = i + 1, Score = f.Score })
            .ToList();
    }

    /// <summary>
    /// The vectors in memory. This store's own writes drop them at once; another process's writes (the generation moved)
    /// are picked up once the index has stayed at the new generation for <see cref="KeywordCopySettleTime"/>, so an
    /// `assistant ingest` running beside the server does not make every search re-read every vector. Until then the
    /// vectors read before answer: a new document is not yet found by meaning (keyword search finds it), and a deleted
    /// one is skipped when its row is read back.
    /// </summary>
    private async Task<DenseVectorIndex?> LoadDenseIndexAsync(long generation, CancellationToken cancellationToken)
    {
        lock (_denseLock)
        {
            if (_dense is not null && !DenseIsDue(generation)) return _dense;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var readAt = await IndexGenerationAsync(connection, transaction, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id, embedding FROM chunks WHERE embedding IS NOT NULL";
        DenseVectorIndex? index = null;
        // One reused buffer instead of a byte[] per row: at 100k × 768 that is 300 MB of garbage the GC would
        // otherwise have to collect while the index itself is being built.
        var buffer = Array.Empty<byte>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var length = (int)reader.GetBytes(1, 0, null, 0, 0);
                if (buffer.Length < length) buffer = new byte[length];
                reader.GetBytes(1, 0, buffer, 0, length);
                index ??= new DenseVectorIndex(length / sizeof(float), _retrieval.ToDenseIndexOptions());
                index.AddBlob(reader.GetInt64(0), buffer.AsSpan(0, length));
            }
        }

        lock (_denseLock)
        {
            if (_dense is not null && !DenseIsDue(generation))
            {
                index?.Dispose();
                return _dense;
            }

            // The index replaced is not disposed: a search may still hold its read lock. It is managed memory only.
            _dense = index;
            _denseGeneration = readAt;
            return index;
        }
    }

    /// <summary>Under <see cref="_denseLock"/>: whether the loaded vectors should be read again at <paramref name="generation"/>.</summary>
    private bool DenseIsDue(long generation)
    {
        if (_dense is null) return true;
        if (generation < 0 || generation == _denseGeneration) return false;
        if (_denseNewerGeneration != generation)
        {
            _denseNewerGeneration = generation;
            _denseNewerSeen = System.Diagnostics.Stopwatch.GetTimestamp();
            return false;
        }

        return System.Diagnostics.Stopwatch.GetElapsedTime(_denseNewerSeen) >= KeywordCopySettleTime;
    }

    /// <summary>Writes change row ids; the next dense search reloads the vectors.</summary>
    private void InvalidateDenseIndex()
    {
        // Not disposed: a search running on another thread may hold its read lock. It is managed memory only.
        lock (_denseLock) _dense = null;
    }

    private static bool HasConstraints(SearchFilter? filter) =>
        filter is not null && (filter.KnowledgeBase is not null || filter.SourcePrefix is not null || filter.DocumentIds is { Count: > 0 } || filter.Tags is { Count: > 0 });

    private static async Task<HashSet<long>> AllowedRowIdsAsync(SqliteConnection connection, SqliteTransaction transaction, SearchFilter filter, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder("SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE 1 = 1");
        AppendFilter(sql, command, filter);
        command.CommandText = sql.ToString();
        var ids = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetInt64(0));
        return ids;
    }

    /// <summary>The hits' text and places for chunk rowids (Rank and Score left 0), read in <paramref name="transaction"/> when given.</summary>
    private static async Task<Dictionary<long, SearchHit>> LoadRowsAsync(SqliteConnection connection, SqliteTransaction? transaction, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<long, SearchHit>();
        if (ids.Count == 0) return rows;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT c.id, c.document_id, d.source, c.section, c.page, c.text, c.idx
            FROM chunks c JOIN documents d ON d.id = c.document_id
            WHERE c.id IN (SELECT value FROM json_each($ids))
            """;
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows[reader.GetInt64(0)] = new SearchHit(
                0,
                0,
                reader.GetString(1),
                reader.GetString(2),
                string.Join(" > ", JsonSerializer.Deserialize<string[]>(reader.GetString(3)) ?? []),
                reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.GetString(5),
                reader.GetInt32(6));
        }

        return rows;
    }
}
