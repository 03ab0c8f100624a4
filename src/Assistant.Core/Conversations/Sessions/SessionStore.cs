using System.Globalization;
using System.Text.Json;
using Assistant.Core.Agents;
using Assistant.Core.Answering;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Assistant.Core.Conversations.Sessions;

/// <summary>
/// Chat sessions in their own SQLite file beside the index (<c>DATA/sessions.db</c>). Its own file rather than tables in
/// assistant.db: conversations then work the same with Qdrant as the index, a long ingest holding the index's write
/// lock never delays saving a turn, and rebuilding or deleting the index keeps them (and the index schema stays the
/// index's). One row per turn; sources, citations and tool calls are JSON columns because they are always read whole.
/// </summary>
public sealed class SessionStore(string databasePath)
{
    private const int SchemaVersion = 2;
    private const int MaxNameLength = 100;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    private bool _initialized;

    public string DatabasePath { get; } = databasePath;

    public static string PathBeside(StoreOptions options) => Path.Combine(Path.GetFullPath(options.DataDirectory), "sessions.db");

    /// <summary>A name a user can type: 1–100 characters, no control characters. Throws <see cref="ArgumentException"/> otherwise.</summary>
    public static string ValidateName(string? name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0) throw new ArgumentException("a session name cannot be empty");
        if (trimmed.Length > MaxNameLength) throw new ArgumentException($"a session name has at most {MaxNameLength} characters");
        if (trimmed.Any(char.IsControl)) throw new ArgumentException("a session name cannot hold control characters");
        return trimmed;
    }

    /// <summary>The session named <paramref name="name"/>, created (as a console session) when there is none.</summary>
    public Task<(SessionInfo Session, bool Created)> OpenOrCreateAsync(string name, DateTimeOffset now, CancellationToken cancellationToken) =>
        OpenOrCreateAsync(name, SessionKinds.Chat, now, cancellationToken);

    /// <summary>The session named <paramref name="name"/>, created as <paramref name="kind"/> when there is none (an existing one keeps its kind).</summary>
    public async Task<(SessionInfo Session, bool Created)> OpenOrCreateAsync(string name, string kind, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        name = ValidateName(name);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        if (await FindAsync(connection, transaction, name, cancellationToken) is { } existing) return (existing, false);
        var id = Guid.NewGuid().ToString("N");
        await ExecuteAsync(connection, transaction, "INSERT INTO sessions(id, name, created_at, updated_at, kind) VALUES ($id, $name, $now, $now, $kind)", cancellationToken,
            ("$id", id), ("$name", name), ("$now", Time(now)), ("$kind", kind));
        await transaction.CommitAsync(cancellationToken);
        return (new SessionInfo(id, name, now, now, 0) { Kind = kind }, true);
    }

    public async Task<SessionInfo?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await FindAsync(connection, null, name.Trim(), cancellationToken);
    }

    /// <summary>Every session, of any kind, most recently used first.</summary>
    public Task<IReadOnlyList<SessionInfo>> ListAsync(CancellationToken cancellationToken) => ListAsync(null, cancellationToken);

    /// <summary>The sessions of <paramref name="kind"/> (null: all), most recently used first.</summary>
    public async Task<IReadOnlyList<SessionInfo>> ListAsync(string? kind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SelectSessions + (kind is null ? string.Empty : " WHERE s.kind = $kind") + " ORDER BY s.updated_at DESC, s.name";
        if (kind is not null) command.Parameters.AddWithValue("$kind", kind);
        return await ReadSessionsAsync(command, cancellationToken);
    }

    /// <returns>False when there was no such session.</returns>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null, "DELETE FROM sessions WHERE name = $name", cancellationToken, ("$name", name.Trim())) > 0;
    }

    /// <summary>Forgets a session's turns (the console's /reset); the session itself stays.</summary>
    public async Task ClearAsync(string sessionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, "DELETE FROM turns WHERE session_id = $id", cancellationToken, ("$id", sessionId));
        await ExecuteAsync(connection, transaction, "UPDATE sessions SET updated_at = $now WHERE id = $id", cancellationToken, ("$id", sessionId), ("$now", Time(now)));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Stores <paramref name="turn"/> as the session's next turn; returns it with its number (1, 2, …).</summary>
    public async Task<StoredTurn> AppendAsync(string sessionId, ConversationTurn turn, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // Serializable = BEGIN IMMEDIATE: two processes appending to one session get consecutive numbers.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        await using var next = connection.CreateCommand();
        next.Transaction = transaction;
        next.CommandText = "SELECT COALESCE(MAX(n), 0) + 1 FROM turns WHERE session_id = $id";
        next.Parameters.AddWithValue("$id", sessionId);
        var n = Convert.ToInt32(await next.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        var stored = StoredTurn.From(n, turn, now);
        await ExecuteAsync(connection, transaction, """
            INSERT INTO turns(session_id, n, question, standalone_question, answer, mode, found, sources, citations, tool_calls,
                              model, profile, input_tokens, output_tokens, total_tokens, time_to_first_token_ms, total_ms, at)
            VALUES ($id, $n, $question, $standalone, $answer, $mode, $found, $sources, $citations, $tools,
                    $model, $profile, $in, $out, $total, $ttft, $ms, $at)
            """, cancellationToken,
            ("$id", sessionId), ("$n", n), ("$question", stored.Question), ("$standalone", stored.StandaloneQuestion), ("$answer", stored.Answer),
            ("$mode", stored.Mode), ("$found", stored.Found ? 1 : 0), ("$sources", Json(stored.Sources)), ("$citations", Json(stored.Citations)),
            ("$tools", Json(stored.ToolCalls)), ("$model", stored.Model), ("$profile", stored.Profile), ("$in", stored.Usage?.InputTokens),
            ("$out", stored.Usage?.OutputTokens), ("$total", stored.Usage?.TotalTokens), ("$ttft", stored.TimeToFirstTokenMs), ("$ms", stored.TotalMs), ("$at", Time(now)));
        await ExecuteAsync(connection, transaction, "UPDATE sessions SET updated_at = $now WHERE id = $id", cancellationToken, ("$id", sessionId), ("$now", Time(now)));
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <param name="historyOnly">
    /// Leave out each turn's sources, citations and tool calls (empty lists): what answering the next turn needs. The
    /// server opens a conversation on every message, and reading those back cost more than the rest of the turns.
    /// </param>
    public async Task<IReadOnlyList<StoredTurn>> TurnsAsync(string sessionId, CancellationToken cancellationToken, bool historyOnly = false)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var details = historyOnly ? "'[]', '[]', '[]'" : "sources, citations, tool_calls";
        command.CommandText = $"""
            SELECT n, question, standalone_question, answer, mode, found, {details}, model, profile,
                   input_tokens, output_tokens, total_tokens, time_to_first_token_ms, total_ms, at
            FROM turns WHERE session_id = $id ORDER BY n
            """;
        command.Parameters.AddWithValue("$id", sessionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        List<StoredTurn> turns = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            long? Long(int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);
            double? Double(int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            var usage = Long(11) is null && Long(12) is null ? null : new TokenUsage(Long(11), Long(12), Long(13));
            turns.Add(new StoredTurn(
                reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5) != 0,
                FromJson<List<SearchHit>>(reader.GetString(6)), FromJson<List<CitationCheck>>(reader.GetString(7)), FromJson<List<ToolCallRecord>>(reader.GetString(8)),
                Text(9), Text(10), usage, Double(14), reader.GetDouble(15), DateTimeOffset.Parse(reader.GetString(16), CultureInfo.InvariantCulture)));
        }

        return turns;
    }

    private const string SelectSessions = "SELECT s.id, s.name, s.created_at, s.updated_at, (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id), s.kind FROM sessions s";

    private static async Task<SessionInfo?> FindAsync(SqliteConnection connection, SqliteTransaction? transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SelectSessions + " WHERE s.name = $name";
        command.Parameters.AddWithValue("$name", name);
        return (await ReadSessionsAsync(command, cancellationToken)).SingleOrDefault();
    }

    private static async Task<IReadOnlyList<SessionInfo>> ReadSessionsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        List<SessionInfo> sessions = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            sessions.Add(new SessionInfo(
                reader.GetString(0), reader.GetString(1),
                DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture), DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture),
                reader.GetInt32(4))
            { Kind = reader.GetString(5) });
        }

        return sessions;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_initialized) Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(DatabasePath))!);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var pragma = connection.CreateCommand())
        {
            // WAL with synchronous=NORMAL: a commit is not fsynced (only checkpoints are), so a turn's write costs no
            // disk flush; a power cut can lose the last turns but never corrupts the file.
            pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        if (!_initialized)
        {
            await CreateSchemaAsync(connection, cancellationToken);
            _initialized = true;
        }

        return connection;
    }

    private static async Task CreateSchemaAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS sessions (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                kind TEXT NOT NULL DEFAULT 'chat'
            );
            CREATE TABLE IF NOT EXISTS turns (
                session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                n INTEGER NOT NULL,
                question TEXT NOT NULL,
                standalone_question TEXT NOT NULL,
                answer TEXT NOT NULL,
                mode TEXT NOT NULL,
                found INTEGER NOT NULL,
                sources TEXT NOT NULL,
                citations TEXT NOT NULL,
                tool_calls TEXT NOT NULL,
                model TEXT,
                profile TEXT,
                input_tokens INTEGER,
                output_tokens INTEGER,
                total_tokens INTEGER,
                time_to_first_token_ms REAL,
                total_ms REAL NOT NULL,
                at TEXT NOT NULL,
                PRIMARY KEY (session_id, n)
            );
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
        await MigrateAsync(connection, cancellationToken);
    }

    /// <summary>
    /// Version 1 files have no kind: the column is added, and the server's conversations ("support-" and a 32-digit hex
    /// id, a name nobody types) are marked as support so the console stops listing them.
    /// </summary>
    private static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        if (Convert.ToInt32(await version.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) >= SchemaVersion) return;

        await using var columns = connection.CreateCommand();
        columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('sessions') WHERE name = 'kind'";
        if (Convert.ToInt32(await columns.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
        {
            try
            {
                await ExecuteAsync(connection, null, "ALTER TABLE sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'chat'", cancellationToken);
            }
            catch (SqliteException ex) when (ex.Message.Contains("duplicate column", StringComparison.OrdinalIgnoreCase))
            {
                // Another process migrated the file in between.
            }
        }

        var supportName = SessionKinds.Support + "-" + string.Concat(Enumerable.Repeat("[0-9a-f]", 32));
        await ExecuteAsync(connection, null, "UPDATE sessions SET kind = $support WHERE kind = 'chat' AND name GLOB $pattern", cancellationToken,
            ("$support", SessionKinds.Support), ("$pattern", supportName));
        await ExecuteAsync(connection, null, $"PRAGMA user_version = {SchemaVersion}", cancellationToken);
    }

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonOptions);

    private static T FromJson<T>(string json) where T : new() => JsonSerializer.Deserialize<T>(json, JsonOptions) ?? new T();
}
