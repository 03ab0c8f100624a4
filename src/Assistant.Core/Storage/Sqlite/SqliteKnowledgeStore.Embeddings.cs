using System.Globalization;
using System.Text.Json;
using Assistant.Core.Documents;
using Assistant.Core.Retrieval.Dense;
using Microsoft.Data.Sqlite;

namespace Assistant.Core.Storage.Sqlite;

/// <summary>
/// Which embedding model the vectors come from (meta: embedding_model, embedding_dimensions) and re-embedding.
/// A reindex writes new vectors into chunks.embedding_next in small transactions while search keeps using
/// chunks.embedding, then swaps them in with one transaction; meta.reindex_target remembers an unfinished run so
/// that the next one continues where it stopped.
/// </summary>
public sealed partial class SqliteKnowledgeStore
{
    private const string ModelKey = "embedding_model";
    private const string DimensionsKey = "embedding_dimensions";
    private const string ReindexTargetKey = "reindex_target";

    private EmbeddingState? _embeddingState;

    public async Task<IReadOnlyList<Chunk>> GetChunksAsync(string documentId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT idx, text, section, page, start_offset, end_offset, tokens FROM chunks WHERE document_id = $id ORDER BY idx";
        command.Parameters.AddWithValue("$id", documentId);
        var chunks = new List<Chunk>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            chunks.Add(new Chunk(
                documentId,
                reader.GetInt32(0),
                reader.GetString(1),
                JsonSerializer.Deserialize<string[]>(reader.GetString(2)) ?? [],
                reader.IsDBNull(3) ? null : reader.GetInt32(3),
                reader.GetInt32(4),
                reader.GetInt32(5),
                reader.GetInt32(6)));
        }

        return chunks;
    }

    public async Task<EmbeddingState> GetEmbeddingStateAsync(CancellationToken cancellationToken)
    {
        // Cached until this store writes: searches check it on every call and counting 100k rows is not free.
        if (Volatile.Read(ref _embeddingState) is { } cached) return cached;

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM chunks), (SELECT COUNT(*) FROM chunks WHERE embedding IS NOT NULL),
                   (SELECT length(embedding) / 4 FROM chunks WHERE embedding IS NOT NULL LIMIT 1),
                   (SELECT value FROM meta WHERE key = $model), (SELECT value FROM meta WHERE key = $dims), (SELECT value FROM meta WHERE key = $target)
            """;
        command.Parameters.AddWithValue("$model", ModelKey);
        command.Parameters.AddWithValue("$dims", DimensionsKey);
        command.Parameters.AddWithValue("$target", ReindexTargetKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var chunks = reader.GetInt32(0);
        var withVectors = reader.GetInt32(1);
        int? storedDimensions = reader.IsDBNull(2) ? null : reader.GetInt32(2);
        EmbeddingSpace? space = null;
        if (!reader.IsDBNull(3) && !reader.IsDBNull(4))
        {
            space = new EmbeddingSpace(reader.GetString(3), int.Parse(reader.GetString(4), CultureInfo.InvariantCulture));
        }
        else if (storedDimensions is { } unrecorded)
        {
            space = new EmbeddingSpace(EmbeddingSpace.UnrecordedModel, unrecorded);
        }

        var pending = reader.IsDBNull(5) ? null : JsonSerializer.Deserialize<EmbeddingSpace>(reader.GetString(5));
        var state = new EmbeddingState(space, chunks, withVectors, pending);
        Volatile.Write(ref _embeddingState, state);
        return state;
    }

    public async Task SetEmbeddingSpaceAsync(EmbeddingSpace space, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(space);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await WriteSpaceAsync(connection, transaction, space, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        InvalidateEmbeddingState();
    }

    public async Task ReembedAsync(EmbeddingSpace? target, EmbedTexts? embed, int batchSize, IProgress<ReembedProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (target is null)
        {
            await DropVectorsAsync(cancellationToken);
            return;
        }

        ArgumentNullException.ThrowIfNull(embed);
        await BeginReindexAsync(target, cancellationToken);
        var total = (await GetEmbeddingStateAsync(cancellationToken)).Chunks;
        var done = total - await CountAsync("SELECT COUNT(*) FROM chunks WHERE embedding_next IS NULL", cancellationToken);
        progress?.Report(new ReembedProgress(done, total));

        // Documents ingested meanwhile arrive with an empty embedding_next, so loop until none is left inside the swap.
        while (true)
        {
            while (await NextUnembeddedAsync(batchSize, cancellationToken) is { Count: > 0 } batch)
            {
                var vectors = await embed(batch.Select(b => b.Text).ToList(), cancellationToken);
                target.CheckVectors(vectors, batch.Count);
                await WriteNextVectorsAsync(batch, vectors, cancellationToken);
                done += batch.Count;
                progress?.Report(new ReembedProgress(done, Math.Max(total, done)));
            }

            if (await TrySwapAsync(target, cancellationToken)) break;
        }

        InvalidateDenseIndex();
        InvalidateEmbeddingState();
    }

    private void InvalidateEmbeddingState()
    {
        Volatile.Write(ref _embeddingState, null);
        Volatile.Write(ref _termCounts, null);
        InvalidateKeywordCopy();
    }

    private async Task BeginReindexAsync(EmbeddingSpace target, CancellationToken cancellationToken)
    {
        var targetJson = JsonSerializer.Serialize(target);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT value FROM meta WHERE key = $key";
        read.Parameters.AddWithValue("$key", ReindexTargetKey);
        if (await read.ExecuteScalarAsync(cancellationToken) as string == targetJson) return; // continue the unfinished run

        // A different (or no) earlier target: its half-built vectors are useless now.
        await using var reset = connection.CreateCommand();
        reset.Transaction = transaction;
        reset.CommandText = """
            UPDATE chunks SET embedding_next = NULL WHERE embedding_next IS NOT NULL;
            INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value;
            """;
        reset.Parameters.AddWithValue("$key", ReindexTargetKey);
        reset.Parameters.AddWithValue("$value", targetJson);
        await reset.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        InvalidateEmbeddingState();
    }

    private async Task<List<(long Id, string Text)>> NextUnembeddedAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, section, text FROM chunks WHERE embedding_next IS NULL ORDER BY id LIMIT $n";
        command.Parameters.AddWithValue("$n", batchSize);
        var batch = new List<(long, string)>(batchSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var section = string.Join(" > ", JsonSerializer.Deserialize<string[]>(reader.GetString(1)) ?? []);
            batch.Add((reader.GetInt64(0), Chunk.EmbeddingTextOf(section, reader.GetString(2))));
        }

        return batch;
    }

    private async Task WriteNextVectorsAsync(List<(long Id, string Text)> batch, IReadOnlyList<ReadOnlyMemory<float>> vectors, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE chunks SET embedding_next = $vector WHERE id = $id";
        var pId = update.Parameters.Add("$id", SqliteType.Integer);
        var pVector = update.Parameters.Add("$vector", SqliteType.Blob);
        for (var i = 0; i < batch.Count; i++)
        {
            pId.Value = batch[i].Id;
            pVector.Value = DenseVectorBlob.Encode(vectors[i].Span);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <returns>False when chunks without a new vector appeared (a concurrent ingest): embed those first.</returns>
    private async Task<bool> TrySwapAsync(EmbeddingSpace target, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);
        await using var swap = connection.CreateCommand();
        swap.Transaction = transaction;
        swap.CommandText = "SELECT EXISTS (SELECT 1 FROM chunks WHERE embedding_next IS NULL)";
        if (Convert.ToInt64(await swap.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) != 0) return false;

        swap.CommandText = $"""
            UPDATE chunks SET embedding = embedding_next, embedding_next = NULL;
            DELETE FROM meta WHERE key = $target;
            {SqliteSchema.BumpGenerationSql}
            """;
        swap.Parameters.AddWithValue("$target", ReindexTargetKey);
        await swap.ExecuteNonQueryAsync(cancellationToken);
        await WriteSpaceAsync(connection, transaction, target, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task DropVectorsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var drop = connection.CreateCommand();
        drop.Transaction = transaction;
        drop.CommandText = $"""
            UPDATE chunks SET embedding = NULL, embedding_next = NULL WHERE embedding IS NOT NULL OR embedding_next IS NOT NULL;
            DELETE FROM meta WHERE key IN ($model, $dims, $target);
            {SqliteSchema.BumpGenerationSql}
            """;
        drop.Parameters.AddWithValue("$model", ModelKey);
        drop.Parameters.AddWithValue("$dims", DimensionsKey);
        drop.Parameters.AddWithValue("$target", ReindexTargetKey);
        await drop.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        InvalidateDenseIndex();
        InvalidateEmbeddingState();
    }

    private static async Task WriteSpaceAsync(SqliteConnection connection, SqliteTransaction transaction, EmbeddingSpace space, CancellationToken cancellationToken)
    {
        await using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = """
            INSERT INTO meta (key, value) VALUES ($model, $modelValue), ($dims, $dimsValue)
            ON CONFLICT(key) DO UPDATE SET value = excluded.value
            """;
        write.Parameters.AddWithValue("$model", ModelKey);
        write.Parameters.AddWithValue("$modelValue", space.Model);
        write.Parameters.AddWithValue("$dims", DimensionsKey);
        write.Parameters.AddWithValue("$dimsValue", space.Dimensions.ToString(CultureInfo.InvariantCulture));
        await write.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<int> CountAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
