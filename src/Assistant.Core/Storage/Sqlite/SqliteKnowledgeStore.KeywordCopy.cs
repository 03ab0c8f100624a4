using System.Diagnostics;
using System.Globalization;
using Assistant.Core.Retrieval;
using Microsoft.Data.Sqlite;

namespace Assistant.Core.Storage.Sqlite;

/// <summary>The in-memory copy of the keyword index (<see cref="KeywordMemoryIndex"/>): when it is read, and when it is used.</summary>
public sealed partial class SqliteKnowledgeStore
{
    // Built only for a store that keeps searching the same index: a one-shot `assistant ask` searches once or twice and
    // exits, and reading the copy would cost it more than it saves. The server and the chat console pass this at once.
    private const int SearchesBeforeKeywordCopy = 3;

    // ...and only once the index has stopped changing for a moment: while documents are being written (an admin's
    // upload on the server, `assistant ingest` in another process) every copy would be stale within a document.
    private static readonly TimeSpan KeywordCopySettleTime = TimeSpan.FromSeconds(1);

    private readonly Lock _keywordCopyLock = new();
    private readonly CancellationTokenSource _lifetime = new();
    private KeywordMemoryIndex? _keywordCopy;
    private bool _keywordCopyBuilding;
    private long _searchesGeneration = -1;
    private int _searchesAtGeneration;
    private long _searchesGenerationSeen;
    private long _keywordCopyRefusedAt = -1;

    /// <summary>What the copy is doing, for tests and diagnostics: its generation when one is in use, and the last reason none could be made.</summary>
    internal (long? Generation, string? Refusal) KeywordCopyState
    {
        get
        {
            lock (_keywordCopyLock) return (_keywordCopy?.Generation, _keywordCopyRefusal);
        }
    }

    private string? _keywordCopyRefusal;

    /// <summary>The task of the copy being read, if any, so tests can wait for it.</summary>
    internal Task? KeywordCopyBuild { get; private set; }

    private static async Task<long> IndexGenerationAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT CAST(value AS INTEGER) FROM meta WHERE key = '{SqliteSchema.IndexGenerationKey}'";
        return await command.ExecuteScalarAsync(cancellationToken) is long generation ? generation : -1;
    }

    /// <summary>The copy, when it was read at <paramref name="generation"/> and can answer this query exactly; else null (FTS5 answers).</summary>
    private KeywordMemoryIndex? UsableKeywordCopy(long generation, IReadOnlyList<string> terms, SearchFilter? filter)
    {
        var copy = Volatile.Read(ref _keywordCopy);
        if (copy is null || copy.Generation != generation) return null;
        // The copy knows each row's knowledge base; other filters need the documents table, so FTS5 takes them.
        var onlyBase = filter is null || (filter.SourcePrefix is null && filter.DocumentIds is not { Count: > 0 } && filter.Tags is not { Count: > 0 });
        return onlyBase && KeywordMemoryIndex.CanRank(terms) ? copy : null;
    }

    /// <summary>Counts a search FTS5 answered at <paramref name="generation"/>, and starts reading a copy once the index looks settled.</summary>
    /// <remarks>The generation is first seen by a search, so after another process's write "settled" means: unchanged since a search first saw it.</remarks>
    private void NoteKeywordSearch(long generation)
    {
        if (_retrieval.KeywordMemoryIndexMaxChunks <= 0 || generation < 0) return;
        lock (_keywordCopyLock)
        {
            if (_keywordCopyBuilding || generation == _keywordCopyRefusedAt || _keywordCopy?.Generation == generation) return;
            if (_searchesGeneration != generation)
            {
                _searchesGeneration = generation;
                _searchesAtGeneration = 0;
                _searchesGenerationSeen = Stopwatch.GetTimestamp();
            }

            if (++_searchesAtGeneration < SearchesBeforeKeywordCopy || Stopwatch.GetElapsedTime(_searchesGenerationSeen) < KeywordCopySettleTime) return;
            StartReadingKeywordCopy(generation);
        }
    }

    /// <summary>Under <see cref="_keywordCopyLock"/>. <paramref name="seenAt"/>: the generation that prompted it, refused again only once it moves if reading fails.</summary>
    private Task StartReadingKeywordCopy(long seenAt)
    {
        _keywordCopyBuilding = true;
        return KeywordCopyBuild = Task.Run(() => ReadKeywordCopyAsync(seenAt, _lifetime.Token), CancellationToken.None);
    }

    /// <summary>
    /// Reads the in-memory copy of the keyword index now, instead of after the first few searches: for a process that
    /// is about to serve searches (the benchmark, a warm-up). Safe to call again; FTS5 answers meanwhile.
    /// </summary>
    public async Task<KeywordCopyReport> LoadKeywordCopyAsync(CancellationToken cancellationToken)
    {
        Task build;
        lock (_keywordCopyLock)
        {
            build = _keywordCopyBuilding ? KeywordCopyBuild! : StartReadingKeywordCopy(seenAt: -1);
        }

        var watch = Stopwatch.StartNew();
        await build.WaitAsync(cancellationToken);
        lock (_keywordCopyLock)
        {
            return new KeywordCopyReport(_keywordCopy?.Rows ?? 0, _keywordCopy?.EstimatedBytes ?? 0, watch.Elapsed.TotalSeconds, _keywordCopy is null ? _keywordCopyRefusal : null);
        }
    }

    private async Task ReadKeywordCopyAsync(long seenAt, CancellationToken cancellationToken)
    {
        // A failure before the generation was read counts against the one that prompted the read, so a lasting
        // failure is not retried on every search.
        var generation = seenAt;
        KeywordMemoryIndex? copy = null;
        string? refusal;
        try
        {
            if (_retrieval.KeywordMemoryIndexMaxChunks <= 0) refusal = "Retrieval:KeywordMemoryIndexMaxChunks is 0";
            else (generation, copy, refusal) = await ReadKeywordCopyCoreAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is SqliteException or OperationCanceledException or ObjectDisposedException)
        {
            // FTS5 keeps answering; a copy is tried again at the next generation.
            refusal = ex.Message;
        }

        lock (_keywordCopyLock)
        {
            _keywordCopyBuilding = false;
            _keywordCopyRefusal = refusal;
            if (copy is not null) _keywordCopy = copy;
            else _keywordCopyRefusedAt = generation;
        }
    }

    private async Task<(long Generation, KeywordMemoryIndex? Copy, string? Refusal)> ReadKeywordCopyCoreAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using (var vocab = connection.CreateCommand())
        {
            vocab.CommandText = "CREATE VIRTUAL TABLE IF NOT EXISTS temp.chunks_vocab_col USING fts5vocab(main, chunks_fts, col)";
            await vocab.ExecuteNonQueryAsync(cancellationToken);
        }

        // One snapshot for the generation, the rows and FTS5's counts, so the copy is exactly that generation's index.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var generation = await IndexGenerationAsync(connection, transaction, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM chunks_fts_docsize";
        var rows = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        if (rows > _retrieval.KeywordMemoryIndexMaxChunks)
        {
            return (generation, null, $"{rows:N0} chunks, more than Retrieval:KeywordMemoryIndexMaxChunks ({_retrieval.KeywordMemoryIndexMaxChunks:N0})");
        }

        var builder = new KeywordMemoryIndex.Builder(generation, HeadingWeight, BodyWeight);
        // The FTS5 table's own stored text and token counts; the joins only add each row's knowledge base.
        command.CommandText = """
            SELECT t.id, t.c0, t.c1, s.sz, d.knowledge_base
            FROM chunks_fts_content t
            JOIN chunks_fts_docsize s ON s.id = t.id
            JOIN chunks c ON c.id = t.id JOIN documents d ON d.id = c.document_id
            ORDER BY t.id
            """;
        var read = 0L;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken) && builder.Mismatch is null)
            {
                var sizes = (byte[])reader.GetValue(3);
                var at = 0;
                var headingTokens = ReadVarint(sizes, ref at);
                var bodyTokens = ReadVarint(sizes, ref at);
                builder.Add(reader.GetInt64(0), reader.IsDBNull(1) ? string.Empty : reader.GetString(1), reader.IsDBNull(2) ? string.Empty : reader.GetString(2),
                    reader.GetString(4), (int)headingTokens, (int)bodyTokens);
                read++;
            }
        }

        if (builder.Mismatch is null && read != rows) return (generation, null, $"{rows - read} keyword rows have no chunk");
        command.CommandText = "SELECT term, col, doc, cnt FROM temp.chunks_vocab_col";
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken) && builder.Mismatch is null)
            {
                var column = reader.GetString(1) == "heading" ? 0 : 1;
                builder.CheckTerm(reader.GetString(0), column, reader.GetInt64(2), reader.GetInt64(3));
            }
        }

        var copy = builder.Build();
        return (generation, copy, builder.Mismatch);
    }

    /// <summary>SQLite's varint (big-endian 7-bit groups, the ninth byte whole), as FTS5 writes its docsize records.</summary>
    private static long ReadVarint(byte[] bytes, ref int at)
    {
        long value = 0;
        for (var i = 0; i < 9 && at < bytes.Length; i++)
        {
            var b = bytes[at++];
            if (i == 8) return (value << 8) | b;
            value = (value << 7) | (long)(b & 0x7F);
            if ((b & 0x80) == 0) return value;
        }

        return value;
    }

    /// <summary>The copy's ranking turned into hits, with the rows' text read in the search's own snapshot.</summary>
    private static async Task<IReadOnlyList<SearchHit>> CopyHitsAsync(
        SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<(long RowId, double Score)> ranked, double? minScore, CancellationToken cancellationToken)
    {
        var rows = await LoadRowsAsync(connection, transaction, ranked.Select(r => r.RowId).ToList(), cancellationToken);
        var hits = new List<SearchHit>(ranked.Count);
        foreach (var (rowId, score) in ranked)
        {
            if (minScore is { } min && score < min) break;
            // Every ranked row exists in this snapshot (same generation); a missing one would be a bug, not a race.
            Debug.Assert(rows.ContainsKey(rowId));
            if (rows.TryGetValue(rowId, out var row)) hits.Add(row with { Rank = hits.Count + 1, Score = score });
        }

        return hits;
    }

    /// <summary>Drops the copy: this store just wrote, and the next searches read a fresh one at the new generation.</summary>
    private void InvalidateKeywordCopy()
    {
        lock (_keywordCopyLock) _keywordCopy = null;
    }
}

/// <summary>What <see cref="SqliteKnowledgeStore.LoadKeywordCopyAsync"/> did: rows and approximate bytes of the copy, or why none was made.</summary>
public sealed record KeywordCopyReport(int Rows, long EstimatedBytes, double Seconds, string? Refusal);
