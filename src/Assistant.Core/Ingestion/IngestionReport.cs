namespace Assistant.Core.Ingestion;

public enum IngestOutcome
{
    Added,
    Updated,
    Unchanged,
    Skipped,
    Failed,
    Removed,
}

/// <summary>What happened to one file. <see cref="Reason"/> says why for skipped, failed and repaired files.</summary>
public sealed record IngestFileResult(
    string Path,
    IngestOutcome Outcome,
    string? Reason = null,
    int Chunks = 0,
    string? DocumentId = null,
    double? RecoveredShare = null,
    long Bytes = 0);

/// <summary>What to ingest and how.</summary>
public sealed record IngestRequest(
    IReadOnlyList<string> Paths,
    bool Sync = false,
    bool AllowDuplicates = false,
    IReadOnlyList<string>? Tags = null,
    string KnowledgeBase = Documents.DocumentRecord.DefaultKnowledgeBase);

public sealed record IngestReport(IReadOnlyList<IngestFileResult> Files, TimeSpan Elapsed)
{
    /// <summary>Things the user should know that are not about one file, e.g. a folder with nothing to index.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public int Count(IngestOutcome outcome) => Files.Count(f => f.Outcome == outcome);

    public int Chunks => Files.Where(f => f.Outcome is IngestOutcome.Added or IngestOutcome.Updated).Sum(f => f.Chunks);

    public long Bytes => Files.Where(f => f.Outcome is IngestOutcome.Added or IngestOutcome.Updated).Sum(f => f.Bytes);

    public bool HasFailures => Files.Any(f => f.Outcome == IngestOutcome.Failed);
}

/// <summary>Reports progress while a batch runs: the CLI draws a bar on a terminal and prints lines otherwise.</summary>
public interface IIngestProgress
{
    void Started(int totalFiles);

    void FileStarted(string path);

    void FileCompleted(IngestFileResult result);

    /// <summary>Every file is done and the index is being tidied (<see cref="Storage.IIndexMaintenance"/>): seconds on a large index.</summary>
    void Compacting()
    {
    }
}
