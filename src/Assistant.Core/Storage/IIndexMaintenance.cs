namespace Assistant.Core.Storage;

/// <summary>A store whose index is worth tidying after a batch of writes (the embedded store's FTS5 segments).</summary>
public interface IIndexMaintenance
{
    /// <summary>Called once at the end of an ingest run that added, changed or removed documents.</summary>
    Task CompactAsync(CancellationToken cancellationToken);
}
