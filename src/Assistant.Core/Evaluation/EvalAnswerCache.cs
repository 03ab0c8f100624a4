using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Assistant.Core.Evaluation;

/// <summary>
/// Answers already measured, in a SQLite file of the data folder (<c>eval-cache.db</c>), keyed by
/// (profile, question text, repeat, top, prompt version, index version). Each answer is written as soon as it arrives,
/// so an interrupted run continues where it stopped, and a re-run only asks what changed: another question text,
/// prompt, index or profile. Failed answers are not kept.
/// </summary>
public sealed class EvalAnswerCache : IDisposable
{
    public const string FileName = "eval-cache.db";

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public EvalAnswerCache(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, answer TEXT NOT NULL, stored_at TEXT NOT NULL);";
        create.ExecuteNonQuery();
    }

    /// <summary>The cache key: a hash of everything that changes the answer. Question ids are left out: renaming one changes nothing.</summary>
    public static string Key(params string[] parts)
    {
        var joined = string.Join("\u001f", parts);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)));
    }

    public async Task<EvalAnswer?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = "SELECT answer FROM answers WHERE key = $key";
            command.Parameters.AddWithValue("$key", key);
            return await command.ExecuteScalarAsync(cancellationToken) is string json ? JsonSerializer.Deserialize<EvalAnswer>(json) : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task PutAsync(string key, EvalAnswer answer, CancellationToken cancellationToken)
    {
        if (answer.Error is not null) return;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO answers (key, answer, stored_at) VALUES ($key, $answer, $at)";
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$answer", JsonSerializer.Serialize(answer with { Cached = false }));
            command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM answers";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }
}
