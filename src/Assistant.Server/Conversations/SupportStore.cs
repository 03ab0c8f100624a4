using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Assistant.Server.Conversations;

/// <summary>Who owns a server conversation: the key that opened it (in the key's knowledge base).</summary>
public sealed record ConversationOwner(string Id, string KeyName, DateTimeOffset CreatedAt);

public sealed record FeedbackRecord(string ConversationId, int MessageId, string Rating, string? Comment, string KeyName, DateTimeOffset At);

public sealed record EscalationRecord(string ConversationId, int MessageId, string Reason, string Message, string KeyName, DateTimeOffset At);

/// <summary>
/// What the support server keeps beside a knowledge base's chat sessions, in its own file <c>support.db</c> in the
/// base's data folder: which key owns each conversation, feedback on replies, and escalations. Its own file so the
/// session store's schema stays the console's; the turns themselves are ordinary sessions (<c>sessions.db</c>).
/// </summary>
public sealed class SupportStore(string databasePath)
{
    public const string FileName = "support.db";

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    private readonly SemaphoreSlim _schema = new(1, 1);
    private volatile bool _initialized;

    public string DatabasePath { get; } = databasePath;

    public async Task AddConversationAsync(ConversationOwner owner, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "INSERT INTO conversations(id, key_name, created_at) VALUES ($id, $key, $at)", cancellationToken,
            ("$id", owner.Id), ("$key", owner.KeyName), ("$at", Time(owner.CreatedAt)));
    }

    /// <summary>The conversation <paramref name="id"/> when <paramref name="keyName"/> owns it; null otherwise (also for another key's).</summary>
    public async Task<ConversationOwner?> FindConversationAsync(string id, string keyName, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, key_name, created_at FROM conversations WHERE id = $id AND key_name = $key";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$key", keyName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new ConversationOwner(reader.GetString(0), reader.GetString(1), ParseTime(reader.GetString(2))) : null;
    }

    /// <summary>One rating per reply: a second vote on the same message replaces the first.</summary>
    public async Task SaveFeedbackAsync(FeedbackRecord feedback, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, """
            INSERT INTO feedback(conversation_id, message_id, rating, comment, key_name, at) VALUES ($c, $m, $r, $comment, $key, $at)
            ON CONFLICT(conversation_id, message_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment, key_name = excluded.key_name, at = excluded.at
            """, cancellationToken,
            ("$c", feedback.ConversationId), ("$m", feedback.MessageId), ("$r", feedback.Rating), ("$comment", feedback.Comment), ("$key", feedback.KeyName), ("$at", Time(feedback.At)));
    }

    /// <summary>Newest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<FeedbackRecord>> ListFeedbackAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT conversation_id, message_id, rating, comment, key_name, at FROM feedback ORDER BY at DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        List<FeedbackRecord> list = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new FeedbackRecord(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), ParseTime(reader.GetString(5))));
        }

        return list;
    }

    public async Task AddEscalationAsync(EscalationRecord escalation, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, """
            INSERT OR REPLACE INTO escalations(conversation_id, message_id, reason, message, key_name, at, resolved_at) VALUES ($c, $m, $r, $msg, $key, $at, NULL)
            """, cancellationToken,
            ("$c", escalation.ConversationId), ("$m", escalation.MessageId), ("$r", escalation.Reason), ("$msg", escalation.Message), ("$key", escalation.KeyName), ("$at", Time(escalation.At)));
    }

    /// <summary>Open (unresolved) escalations, newest first; with <paramref name="conversationId"/>, only that conversation's (open or not).</summary>
    public async Task<IReadOnlyList<EscalationRecord>> ListEscalationsAsync(string? conversationId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = conversationId is null
            ? "SELECT conversation_id, message_id, reason, message, key_name, at FROM escalations WHERE resolved_at IS NULL ORDER BY at DESC LIMIT $limit"
            : "SELECT conversation_id, message_id, reason, message, key_name, at FROM escalations WHERE conversation_id = $c ORDER BY message_id LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        if (conversationId is not null) command.Parameters.AddWithValue("$c", conversationId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        List<EscalationRecord> list = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new EscalationRecord(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), ParseTime(reader.GetString(5))));
        }

        return list;
    }

    /// <summary>Closes every open escalation of a conversation (a person took it over); false when none was open.</summary>
    public async Task<bool> ResolveEscalationsAsync(string conversationId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, "UPDATE escalations SET resolved_at = $at WHERE conversation_id = $c AND resolved_at IS NULL", cancellationToken,
            ("$c", conversationId), ("$at", Time(at))) > 0;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_initialized) Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(DatabasePath))!);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // Per connection: WAL commits without an fsync each (see SessionStore); a power cut may lose the newest rows, never the file.
        await ExecuteAsync(connection, "PRAGMA synchronous = NORMAL;", cancellationToken);
        if (!_initialized)
        {
            await _schema.WaitAsync(cancellationToken);
            try
            {
                if (!_initialized)
                {
                    await ExecuteAsync(connection, """
                        PRAGMA journal_mode = WAL;
                        CREATE TABLE IF NOT EXISTS conversations (
                            id TEXT PRIMARY KEY,
                            key_name TEXT NOT NULL,
                            created_at TEXT NOT NULL
                        );
                        CREATE TABLE IF NOT EXISTS feedback (
                            conversation_id TEXT NOT NULL,
                            message_id INTEGER NOT NULL,
                            rating TEXT NOT NULL,
                            comment TEXT,
                            key_name TEXT NOT NULL,
                            at TEXT NOT NULL,
                            PRIMARY KEY (conversation_id, message_id)
                        );
                        CREATE TABLE IF NOT EXISTS escalations (
                            conversation_id TEXT NOT NULL,
                            message_id INTEGER NOT NULL,
                            reason TEXT NOT NULL,
                            message TEXT NOT NULL,
                            key_name TEXT NOT NULL,
                            at TEXT NOT NULL,
                            resolved_at TEXT,
                            PRIMARY KEY (conversation_id, message_id)
                        );
                        PRAGMA user_version = 1;
                        """, cancellationToken);
                    _initialized = true;
                }
            }
            finally
            {
                _schema.Release();
            }
        }

        return connection;
    }

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
