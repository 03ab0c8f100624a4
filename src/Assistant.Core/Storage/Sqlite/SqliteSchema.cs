using Microsoft.Data.Sqlite;

namespace Assistant.Core.Storage.Sqlite;

/// <summary>The embedded store's tables. Versioned through PRAGMA user_version.</summary>
internal static class SqliteSchema
{
    // 2: chunks.embedding_next, where `assistant reindex` builds new vectors before swapping them in.
    // 3: meta 'index_generation', bumped by every write that changes what search ranks (see BumpGenerationSql).
    public const int Version = 3;

    public const string IndexGenerationKey = "index_generation";

    // chunks_fts holds analysed terms (see TextAnalyzer), not raw text: the unicode61 tokenizer then only
    // splits on the spaces we put there, which is what makes Hangul bigrams work.
    private const string CreateSql = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS documents (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL UNIQUE,
            format TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            title TEXT,
            chunk_count INTEGER NOT NULL,
            size_bytes INTEGER NOT NULL,
            indexed_at TEXT NOT NULL,
            tags TEXT NOT NULL DEFAULT '[]',
            knowledge_base TEXT NOT NULL DEFAULT 'default',
            fingerprint TEXT,
            recovered_share REAL
        );
        CREATE INDEX IF NOT EXISTS documents_hash ON documents(content_hash);
        CREATE TABLE IF NOT EXISTS chunks (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            text TEXT NOT NULL,
            section TEXT NOT NULL,
            page INTEGER,
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            tokens INTEGER NOT NULL,
            embedding BLOB,
            embedding_next BLOB,
            UNIQUE(document_id, idx)
        );
        CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(heading, body, tokenize = 'unicode61 remove_diacritics 0');
        """;

    // The index generation: every write transaction that changes what search ranks (chunks' text and headings, a
    // document's knowledge base, vectors) runs BumpGenerationSql, whichever process it is in. The in-memory copy of the
    // keyword index (KeywordMemoryIndex) is used only at the generation it was read at, and the dense vectors in memory
    // are read again once it has moved. One statement per transaction, not a trigger per chunk row: row triggers made
    // ingestion 25 % slower (bench-store, 30k chunks).
    private const string IndexGenerationSql = $"INSERT OR IGNORE INTO meta (key, value) VALUES ('{IndexGenerationKey}', '0');";

    public const string BumpGenerationSql = $"UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = '{IndexGenerationKey}';";

    public static void Apply(SqliteConnection connection)
    {
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }

        // IMMEDIATE takes the write lock before reading the version, so two processes opening an old index at
        // once migrate it once, not twice.
        using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);
        using var pragma = connection.CreateCommand();
        pragma.Transaction = transaction;
        pragma.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(pragma.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version > Version)
        {
            throw new InvalidOperationException($"The index at {connection.DataSource} was written by a newer version of Assistant (schema {version}, this build knows {Version}).");
        }

        if (version == Version) return;
        using var create = connection.CreateCommand();
        create.Transaction = transaction;
        create.CommandText = (version == 1 ? "ALTER TABLE chunks ADD COLUMN embedding_next BLOB;" : string.Empty) + CreateSql + IndexGenerationSql + $"PRAGMA user_version = {Version};";
        create.ExecuteNonQuery();
        transaction.Commit();
    }
}
