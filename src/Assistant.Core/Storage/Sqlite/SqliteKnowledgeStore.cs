using System.Globalization;
using System.Text.Json;
using Assistant.Core.Documents;
using Assistant.Core.Retrieval;
using Assistant.Core.Retrieval.Dense;
using Assistant.Core.Text;
using Microsoft.Data.Sqlite;

namespace Assistant.Core.Storage.Sqlite;

/// <summary>
/// The embedded knowledge store: one SQLite file in WAL mode holding documents, chunks, an FTS5 keyword
/// index and (when an embedding model is configured) each chunk's vector. Every document write is one
/// transaction, so a killed process leaves either the old or the new version of a document, never a mix.
/// </summary>
public sealed partial class SqliteKnowledgeStore : IKnowledgeStore, IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private bool _initialized;

    private readonly RetrievalOptions _retrieval;

    public SqliteKnowledgeStore(string databasePath, RetrievalOptions? retrieval = null)
    {
        _retrieval = retrieval ?? new RetrievalOptions();
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string DatabasePath { get; }

    /// <summary>How much of the database file SQLite maps into memory (address space, not resident memory: the OS pages it in and out).</summary>
    internal const long MemoryMapBytes = 1L << 30;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized) return;
        await _initLock.WaitAsync(cancellationToken);
        try
        {
            if (_initialized) return;
            Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            SqliteSchema.Apply(connection);
            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    public Task<DocumentRecord?> GetDocumentAsync(string documentId, CancellationToken cancellationToken) =>
        QueryDocumentAsync("id = $v", documentId, cancellationToken);

    public Task<DocumentRecord?> FindBySourceAsync(string sourcePath, CancellationToken cancellationToken) =>
        QueryDocumentAsync("source = $v", sourcePath, cancellationToken);

    public Task<DocumentRecord?> FindByContentHashAsync(string contentHash, CancellationToken cancellationToken) =>
        QueryDocumentAsync("content_hash = $v", contentHash, cancellationToken);

    public async Task<IReadOnlyList<DocumentRecord>> ListDocumentsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {DocumentColumns} FROM documents ORDER BY source";
        return await ReadDocumentsAsync(command, cancellationToken);
    }

    public Task UpsertDocumentAsync(
        DocumentRecord document,
        IReadOnlyList<Chunk> chunks,
        IReadOnlyList<ReadOnlyMemory<float>>? embeddings,
        CancellationToken cancellationToken) =>
        WriteDocumentAsync(document, chunks, embeddings, unlessDuplicate: false, cancellationToken);

    public Task<DocumentRecord?> UpsertUnlessDuplicateAsync(
        DocumentRecord document,
        IReadOnlyList<Chunk> chunks,
        IReadOnlyList<ReadOnlyMemory<float>>? embeddings,
        CancellationToken cancellationToken) =>
        WriteDocumentAsync(document, chunks, embeddings, unlessDuplicate: true, cancellationToken);

    private async Task<DocumentRecord?> WriteDocumentAsync(
        DocumentRecord document,
        IReadOnlyList<Chunk> chunks,
        IReadOnlyList<ReadOnlyMemory<float>>? embeddings,
        bool unlessDuplicate,
        CancellationToken cancellationToken)
    {
        if (embeddings is not null && embeddings.Count != chunks.Count)
        {
            throw new ArgumentException($"Got {embeddings.Count} embeddings for {chunks.Count} chunks of {document.SourcePath}.", nameof(embeddings));
        }

        await using var connection = await OpenAsync(cancellationToken);
        // BEGIN IMMEDIATE: the write lock is taken before the duplicate check reads, so no other process can commit
        // the same content between the check and the insert (a deferred transaction would only lock at the insert).
        await using var transaction = connection.BeginTransaction(deferred: false);
        if (unlessDuplicate && await FindTwinAsync(connection, transaction, document, cancellationToken) is { } twin)
        {
            await transaction.RollbackAsync(cancellationToken);
            return twin;
        }

        await DeleteChunksAsync(connection, transaction, document.Id, cancellationToken);
        await using (var upsertDoc = connection.CreateCommand())
        {
            upsertDoc.Transaction = transaction;
            upsertDoc.CommandText = """
                INSERT INTO documents (id, source, format, content_hash, title, chunk_count, size_bytes, indexed_at, tags, knowledge_base, fingerprint, recovered_share)
                VALUES ($id, $source, $format, $hash, $title, $count, $size, $at, $tags, $kb, $fp, $recovered)
                ON CONFLICT(id) DO UPDATE SET source = excluded.source, format = excluded.format, content_hash = excluded.content_hash,
                    title = excluded.title, chunk_count = excluded.chunk_count, size_bytes = excluded.size_bytes, indexed_at = excluded.indexed_at,
                    tags = excluded.tags, knowledge_base = excluded.knowledge_base, fingerprint = excluded.fingerprint, recovered_share = excluded.recovered_share
                """;
            upsertDoc.Parameters.AddWithValue("$id", document.Id);
            upsertDoc.Parameters.AddWithValue("$source", document.SourcePath);
            upsertDoc.Parameters.AddWithValue("$format", document.Format);
            upsertDoc.Parameters.AddWithValue("$hash", document.ContentHash);
            upsertDoc.Parameters.AddWithValue("$title", (object?)document.Title ?? DBNull.Value);
            upsertDoc.Parameters.AddWithValue("$count", chunks.Count);
            upsertDoc.Parameters.AddWithValue("$size", document.SizeBytes);
            upsertDoc.Parameters.AddWithValue("$at", document.IndexedAt.ToString("O", CultureInfo.InvariantCulture));
            upsertDoc.Parameters.AddWithValue("$tags", JsonSerializer.Serialize(document.Tags));
            upsertDoc.Parameters.AddWithValue("$kb", document.KnowledgeBase);
            upsertDoc.Parameters.AddWithValue("$fp", (object?)document.Fingerprint ?? DBNull.Value);
            upsertDoc.Parameters.AddWithValue("$recovered", (object?)document.RecoveredShare ?? DBNull.Value);
            await upsertDoc.ExecuteNonQueryAsync(cancellationToken);
        }

        // One command, two statements, no RETURNING: an INSERT … RETURNING made every chunk cost ~60 % more in
        // SQLite (bench-store, 100k chunks), and the FTS row takes the chunk's id from last_insert_rowid() instead.
        await using var insertChunk = connection.CreateCommand();
        insertChunk.Transaction = transaction;
        insertChunk.CommandText = """
            INSERT INTO chunks (document_id, idx, text, section, page, start_offset, end_offset, tokens, embedding)
            VALUES ($doc, $idx, $text, $section, $page, $start, $end, $tokens, $embedding);
            INSERT INTO chunks_fts (rowid, heading, body) VALUES (last_insert_rowid(), $heading, $body);
            """;
        var pDoc = insertChunk.Parameters.Add("$doc", SqliteType.Text);
        var pIdx = insertChunk.Parameters.Add("$idx", SqliteType.Integer);
        var pText = insertChunk.Parameters.Add("$text", SqliteType.Text);
        var pSection = insertChunk.Parameters.Add("$section", SqliteType.Text);
        var pPage = insertChunk.Parameters.Add("$page", SqliteType.Integer);
        var pStart = insertChunk.Parameters.Add("$start", SqliteType.Integer);
        var pEnd = insertChunk.Parameters.Add("$end", SqliteType.Integer);
        var pTokens = insertChunk.Parameters.Add("$tokens", SqliteType.Integer);
        var pEmbedding = insertChunk.Parameters.Add("$embedding", SqliteType.Blob);
        var pHeading = insertChunk.Parameters.Add("$heading", SqliteType.Text);
        var pBody = insertChunk.Parameters.Add("$body", SqliteType.Text);

        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            pDoc.Value = document.Id;
            pIdx.Value = chunk.Index;
            pText.Value = chunk.Text;
            pSection.Value = JsonSerializer.Serialize(chunk.SectionPath);
            pPage.Value = (object?)chunk.Page ?? DBNull.Value;
            pStart.Value = chunk.StartOffset;
            pEnd.Value = chunk.EndOffset;
            pTokens.Value = chunk.Tokens;
            pEmbedding.Value = embeddings is null ? DBNull.Value : DenseVectorBlob.Encode(embeddings[i].Span);
            pHeading.Value = string.Join(' ', TextAnalyzer.Terms(string.Join(' ', chunk.SectionPath)));
            pBody.Value = string.Join(' ', TextAnalyzer.Terms(chunk.Text));
            await insertChunk.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        InvalidateDenseIndex();
        InvalidateEmbeddingState();
        return null;
    }

    /// <summary>Another document with <paramref name="document"/>'s content hash, read inside the writing transaction.</summary>
    private static async Task<DocumentRecord?> FindTwinAsync(SqliteConnection connection, SqliteTransaction transaction, DocumentRecord document, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {DocumentColumns} FROM documents WHERE content_hash = $hash AND id <> $id ORDER BY source LIMIT 1";
        command.Parameters.AddWithValue("$hash", document.ContentHash);
        command.Parameters.AddWithValue("$id", document.Id);
        var twins = await ReadDocumentsAsync(command, cancellationToken);
        return twins.Count > 0 ? twins[0] : null;
    }

    public async Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await DeleteChunksAsync(connection, transaction, documentId, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM documents WHERE id = $id";
        command.Parameters.AddWithValue("$id", documentId);
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        InvalidateDenseIndex();
        InvalidateEmbeddingState();
        return deleted > 0;
    }

    public async Task<StoreStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        // Chunk and vector counts come from the embedding state, which searches cache anyway: one count, not two.
        var embedding = await GetEmbeddingStateAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM documents";
        var documents = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        var model = embedding.Space?.Model is { } name && name != EmbeddingSpace.UnrecordedModel ? name : null;
        return new StoreStats(documents, embedding.Chunks, embedding.ChunksWithVectors, model, embedding.Space?.Dimensions);
    }

    public Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken) => (query.Vector is { Length: 0 } ? query with { Vector = null } : query) switch
    {
        { Mode: SearchMode.Keyword } or { Mode: SearchMode.Hybrid, Vector: null } => KeywordSearchAsync(query, query.Top, cancellationToken),
        { Vector: { } vector, Mode: SearchMode.Dense } => DenseSearchAsync(query, vector, query.Top, cancellationToken),
        { Vector: { } vector } => HybridSearchAsync(query, vector, cancellationToken),
        _ => throw new InvalidOperationException("Dense search needs a query vector: configure an embedding model (Models:DefaultEmbedding)."),
    };

    public void Dispose()
    {
        // Stops a copy of the keyword index being read in the background (its connection closes with it).
        _lifetime.Cancel();
        _initLock.Dispose();
        InvalidateDenseIndex();
        InvalidateKeywordCopy();
    }

    internal async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        // Reads through a memory map: keyword search touches megabytes of FTS pages per query, which through the
        // default 2 MB page cache were read again with pread on every search (bench-server: most of the server's CPU).
        pragma.CommandText = $"PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000; PRAGMA mmap_size = {MemoryMapBytes};";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private static async Task DeleteChunksAsync(SqliteConnection connection, SqliteTransaction transaction, string documentId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // Every document write and delete starts here, so the generation moves once per transaction that changes chunks.
        command.CommandText = $"""
            DELETE FROM chunks_fts WHERE rowid IN (SELECT id FROM chunks WHERE document_id = $id);
            DELETE FROM chunks WHERE document_id = $id;
            {SqliteSchema.BumpGenerationSql}
            """;
        command.Parameters.AddWithValue("$id", documentId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<DocumentRecord?> QueryDocumentAsync(string where, string value, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {DocumentColumns} FROM documents WHERE {where} ORDER BY source LIMIT 1";
        command.Parameters.AddWithValue("$v", value);
        var list = await ReadDocumentsAsync(command, cancellationToken);
        return list.Count > 0 ? list[0] : null;
    }

    private const string DocumentColumns = "id, source, format, content_hash, title, chunk_count, size_bytes, indexed_at, tags, knowledge_base, fingerprint, recovered_share";

    private static async Task<IReadOnlyList<DocumentRecord>> ReadDocumentsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var result = new List<DocumentRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new DocumentRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetInt32(5),
                reader.GetInt64(6),
                DateTimeOffset.Parse(reader.GetString(7), CultureInfo.InvariantCulture),
                JsonSerializer.Deserialize<string[]>(reader.GetString(8)) ?? [],
                reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetDouble(11)));
        }

        return result;
    }
}
