using Microsoft.Data.Sqlite;

namespace Assistant.Tests.TestSupport;

/// <summary>Reads an index database directly (own, unpooled connections) to check what was really written.</summary>
public sealed class DbInspector(string databasePath)
{
    public string DatabasePath { get; } = databasePath;

    public long Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L);
    }

    public string Text(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar()) ?? string.Empty;
    }

    public List<T> Rows<T>(string sql, Func<SqliteDataReader, T> read)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    public long Documents => Scalar("SELECT COUNT(*) FROM documents");

    public long Chunks => Scalar("SELECT COUNT(*) FROM chunks");

    /// <summary>
    /// The invariants a crash or a failed file must never break: SQLite's own integrity check, every document's
    /// chunk_count equal to its stored chunks, chunk indexes 0..n-1 without gaps or repeats, and the FTS index
    /// holding exactly one row per chunk.
    /// </summary>
    public void AssertConsistent()
    {
        Assert.Equal("ok", Text("PRAGMA integrity_check"));
        var mismatched = Rows(
            """
            SELECT d.source, d.chunk_count, COUNT(c.id), COALESCE(MAX(c.idx), -1)
            FROM documents d LEFT JOIN chunks c ON c.document_id = d.id GROUP BY d.id
            HAVING d.chunk_count != COUNT(c.id) OR COALESCE(MAX(c.idx), -1) != COUNT(c.id) - 1
            """,
            r => $"{r.GetString(0)}: chunk_count {r.GetInt64(1)}, stored {r.GetInt64(2)}, max idx {r.GetInt64(3)}");
        Assert.True(mismatched.Count == 0, "documents whose chunks do not match: " + string.Join("; ", mismatched));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM chunks WHERE document_id NOT IN (SELECT id FROM documents)"));
        Assert.Equal(Chunks, Scalar("SELECT COUNT(*) FROM chunks_fts"));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM chunks_fts WHERE rowid NOT IN (SELECT id FROM chunks)"));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
