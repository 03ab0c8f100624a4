using Assistant.Core.Storage;

namespace Assistant.Core.Ingestion;

/// <summary>
/// <c>.ingest.lock</c> in the data folder, locked by the operating system (flock on Linux and macOS, share modes on
/// Windows), so that a process killed mid-ingest releases it with no clean-up. Writers (ingest, reindex) hold it
/// shared: any number may run at once, SQLite orders their transactions. The sample-corpus bootstrap takes it
/// exclusively, which it only gets while nobody writes, and keeps it while it ingests, so a writer started meanwhile
/// waits for it. The file itself is never deleted: a process that still had it open would lock a file nobody else sees.
/// </summary>
public sealed class IngestLock : IDisposable
{
    public const string FileName = ".ingest.lock";

    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(200);

    private readonly FileStream _stream;

    private IngestLock(FileStream stream) => _stream = stream;

    /// <summary>
    /// The writers' lock of the embedded store's data folder, waiting while a bootstrap holds it; null for Qdrant,
    /// whose index is not in the data folder (and which has no bootstrap to protect).
    /// </summary>
    public static async Task<IngestLock?> ForWritingAsync(StoreOptions store, Action<string> onWaiting, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (store.VectorStore != VectorStoreKind.Embedded) return null;
        var path = PathIn(Path.GetFullPath(store.DataDirectory));
        var waiting = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Read-only access: on Unix a read-only FileShare.ReadWrite open takes a shared flock, a FileShare.None one
            // an exclusive flock; on Windows the share modes give the same exclusion.
            if (TryOpen(path, FileAccess.Read, FileShare.ReadWrite) is { } stream) return new IngestLock(stream);
            if (!waiting) onWaiting("Waiting: another command is adding the sample corpus to this index…");
            waiting = true;
            await Task.Delay(RetryInterval, timeProvider, cancellationToken);
        }
    }

    /// <summary>The lock held by nobody else, or null while any writer (or another bootstrap) holds it.</summary>
    public static IngestLock? TryAcquireExclusive(string dataDirectory) =>
        TryOpen(PathIn(Path.GetFullPath(dataDirectory)), FileAccess.ReadWrite, FileShare.None) is { } stream ? new IngestLock(stream) : null;

    public void Dispose() => _stream.Dispose();

    private static string PathIn(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        return Path.Combine(dataDirectory, FileName);
    }

    private static FileStream? TryOpen(string path, FileAccess access, FileShare share)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, access, share, 1, FileOptions.None);
        }
        catch (IOException ex) when (IsHeldByAnother(ex))
        {
            return null;
        }
    }

    /// <summary>
    /// A lock conflict, as opposed to an I/O error that waiting would not cure (those propagate): .NET reports a
    /// flock conflict with the errno EWOULDBLOCK as HResult (11 on Linux, 35 on macOS), Windows a sharing or lock
    /// violation (HRESULT 0x80070020 / 0x80070021).
    /// </summary>
    private static bool IsHeldByAnother(IOException ex) => OperatingSystem.IsWindows()
        ? (ex.HResult & 0xFFFF) is 32 or 33
        : ex.HResult == (OperatingSystem.IsLinux() ? 11 : 35);
}
