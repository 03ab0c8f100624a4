using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Assistant.Core.Retrieval;
using Assistant.Core.Text;
using Microsoft.Data.Sqlite;

namespace Assistant.Core.Storage.Sqlite;

public sealed partial class SqliteKnowledgeStore : ITermStatisticsSource, IIndexMaintenance
{
    /// <summary>
    /// Merges FTS5's segments into one. Documents are stored one transaction each, which leaves the full-text index in
    /// many segments that every query merges again: on the 10k-chunk server benchmark, OR queries ran about 30 %
    /// faster once merged, and merging took 0.3 s. Readers go on meanwhile (WAL).
    /// </summary>
    public async Task CompactAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO chunks_fts(chunks_fts) VALUES('optimize')";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Document counts of terms, remembered until this store writes or for TermCountsLifetime (another process may write:
    // a count that old only shifts a term's weight a little). fts5vocab walks a term's whole posting list to count it,
    // and every answer's citation check asks for the same common words again (bench-server).
    private static readonly TimeSpan TermCountsLifetime = TimeSpan.FromSeconds(60);
    private const int MaxRememberedTerms = 50_000;
    private TermCountCache? _termCounts;

    private sealed class TermCountCache(long started)
    {
        public long Started { get; } = started;

        public ConcurrentDictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);
    }

    public async Task<TermStatistics> GetTermStatisticsAsync(IReadOnlyCollection<string> terms, CancellationToken cancellationToken)
    {
        var cache = Volatile.Read(ref _termCounts);
        if (cache is null || Stopwatch.GetElapsedTime(cache.Started) > TermCountsLifetime)
        {
            cache = new TermCountCache(Stopwatch.GetTimestamp());
            Volatile.Write(ref _termCounts, cache);
        }

        // Every chunk has its FTS row, so the cached chunk count is the FTS row count. COUNT(*) over chunks_fts
        // read all the indexed text on every answer's citation check (bench-server).
        var chunks = (await GetEmbeddingStateAsync(cancellationToken)).Chunks;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var term in terms.Distinct(StringComparer.Ordinal))
        {
            if (!cache.Counts.TryGetValue(term, out var known)) missing.Add(term);
            else if (known > 0) counts[term] = known;
        }

        if (missing.Count > 0)
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            // fts5vocab reads FTS5's own term index; a temp table, so it needs no schema change and dies with the connection.
            command.CommandText = "CREATE VIRTUAL TABLE IF NOT EXISTS temp.chunks_vocab USING fts5vocab(main, chunks_fts, row)";
            await command.ExecuteNonQueryAsync(cancellationToken);
            command.CommandText = "SELECT doc FROM temp.chunks_vocab WHERE term = $term";
            var pTerm = command.Parameters.Add("$term", SqliteType.Text);
            foreach (var term in missing)
            {
                pTerm.Value = term;
                var doc = await command.ExecuteScalarAsync(cancellationToken) is long n ? (int)n : 0;
                if (doc > 0) counts[term] = doc;
                cache.Counts[term] = doc;
            }

            // Counted only here, where the cache grows: ConcurrentDictionary.Count takes every lock.
            if (cache.Counts.Count > MaxRememberedTerms) Volatile.Write(ref _termCounts, null);
        }

        return new TermStatistics(chunks, counts);
    }

    // Section headings count for a little more than body text: a chunk under "Refunds" is about refunds.
    // KeywordMemoryIndex ranks with the same weights.
    private const double HeadingWeight = 1.5;
    private const double BodyWeight = 1.0;
    private static readonly string Bm25 = string.Create(CultureInfo.InvariantCulture, $"bm25(chunks_fts, {HeadingWeight:0.0##}, {BodyWeight:0.0##})");

    /// <summary>BM25 over the OR of the query's terms, so a passage matching most terms ranks first and one matching any still counts.</summary>
    internal async Task<IReadOnlyList<SearchHit>> KeywordSearchAsync(SearchQuery query, int limit, CancellationToken cancellationToken)
    {
        var terms = TextAnalyzer.QueryTerms(query.Text);
        if (terms.Count == 0 || limit <= 0) return [];

        await using var connection = await OpenAsync(cancellationToken);
        // One read transaction, so the check below and the search see the same snapshot of the index.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var filter = await WithoutRedundantKnowledgeBaseAsync(connection, transaction, query.Filter, cancellationToken);
        var generation = await IndexGenerationAsync(connection, transaction, cancellationToken);
        if (UsableKeywordCopy(generation, terms, filter) is { } copy)
        {
            return await CopyHitsAsync(connection, transaction, copy.Search(terms, filter?.KnowledgeBase, limit), query.MinScore, cancellationToken);
        }

        NoteKeywordSearch(generation);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$match", string.Join(" OR ", terms.Select(t => "\"" + t.Replace("\"", "\"\"") + "\"")));
        StringBuilder sql;
        if (HasConstraints(filter))
        {
            // Filter and rank rowids only, then join the text of the top rows: sorting every match with its text
            // cost the server (whose searches always carry the knowledge base) several times the unfiltered search.
            sql = new StringBuilder($"""
                SELECT c.document_id, d.source, c.section, c.page, c.text, c.idx, f.score
                FROM (SELECT chunks_fts.rowid AS rowid, {Bm25} AS score
                      FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid JOIN documents d ON d.id = c.document_id
                      WHERE chunks_fts MATCH $match
                """);
            AppendFilter(sql, command, filter);
            sql.Append("""
                 ORDER BY score LIMIT $limit) f
                JOIN chunks c ON c.id = f.rowid JOIN documents d ON d.id = c.document_id
                ORDER BY f.score
                """);
        }
        else
        {
            // Unfiltered: rank inside FTS first and join only the top rows. Joining every match before sorting
            // carried each matching chunk's text through the sort: 2–3× slower at 100k chunks (bench-store).
            sql = new StringBuilder($"""
                SELECT c.document_id, d.source, c.section, c.page, c.text, c.idx, f.score
                FROM (SELECT rowid, {Bm25} AS score FROM chunks_fts WHERE chunks_fts MATCH $match ORDER BY score LIMIT $limit) f
                JOIN chunks c ON c.id = f.rowid JOIN documents d ON d.id = c.document_id
                ORDER BY f.score
                """);
        }

        command.Parameters.AddWithValue("$limit", limit);
        command.CommandText = sql.ToString();

        var hits = new List<SearchHit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var score = -reader.GetDouble(6);
            if (query.MinScore is { } min && score < min) break;
            hits.Add(new SearchHit(
                hits.Count + 1,
                score,
                reader.GetString(0),
                reader.GetString(1),
                string.Join(" > ", JsonSerializer.Deserialize<string[]>(reader.GetString(2)) ?? []),
                reader.IsDBNull(3) ? null : reader.GetInt32(3),
                reader.GetString(4),
                reader.GetInt32(5)));
        }

        return hits;
    }

    /// <summary>
    /// A knowledge-base filter on an index that holds no other base's documents matches every row, yet costs two row
    /// lookups per match (chunk, document): the server's searches, always scoped to the key's base, ran at a fraction
    /// of the unscoped speed (bench-server). Dropped then, so ranking stays inside FTS. Checked on every search, in the
    /// search's own snapshot, so a document of another base added at any moment is never let through.
    /// </summary>
    private static async Task<SearchFilter?> WithoutRedundantKnowledgeBaseAsync(
        SqliteConnection connection, SqliteTransaction transaction, SearchFilter? filter, CancellationToken cancellationToken)
    {
        if (filter?.KnowledgeBase is not { } kb) return filter;
        await using var check = connection.CreateCommand();
        check.Transaction = transaction;
        check.CommandText = "SELECT EXISTS (SELECT 1 FROM documents WHERE knowledge_base <> $kb)";
        check.Parameters.AddWithValue("$kb", kb);
        var othersHere = Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) != 0;
        return othersHere ? filter : filter with { KnowledgeBase = null };
    }

    private static void AppendFilter(StringBuilder sql, SqliteCommand command, SearchFilter? filter)
    {
        if (filter is null) return;
        if (filter.KnowledgeBase is { } kb)
        {
            sql.Append(" AND d.knowledge_base = $kb");
            command.Parameters.AddWithValue("$kb", kb);
        }

        if (filter.SourcePrefix is { } prefix)
        {
            // substr, not LIKE: LIKE ignores ASCII case and paths on Linux do not.
            sql.Append(" AND substr(d.source, 1, length($prefix)) = $prefix");
            command.Parameters.AddWithValue("$prefix", prefix);
        }

        if (filter.DocumentIds is { Count: > 0 } ids)
        {
            sql.Append(" AND c.document_id IN (SELECT value FROM json_each($ids))");
            command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids));
        }

        if (filter.Tags is { Count: > 0 } tags)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM json_each(d.tags) t WHERE t.value IN (SELECT value FROM json_each($tags)))");
            command.Parameters.AddWithValue("$tags", JsonSerializer.Serialize(tags));
        }
    }
}
