using Assistant.Core.Ingestion;
using Assistant.Core.Storage;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Ingestion;

public sealed class IngestLockTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private StoreOptions Embedded => new() { DataDirectory = _dir.Combine("data") };

    [Fact]
    public async Task Writers_share_the_lock_and_keep_the_bootstrap_out_until_the_last_one_ends()
    {
        var first = await IngestLock.ForWritingAsync(Embedded, _ => Assert.Fail("a writer waited for a writer"), TimeProvider.System, default);
        var second = await IngestLock.ForWritingAsync(Embedded, _ => Assert.Fail("a writer waited for a writer"), TimeProvider.System, default);

        Assert.Null(IngestLock.TryAcquireExclusive(Embedded.DataDirectory));
        first!.Dispose();
        Assert.Null(IngestLock.TryAcquireExclusive(Embedded.DataDirectory));
        second!.Dispose();
        using var exclusive = IngestLock.TryAcquireExclusive(Embedded.DataDirectory);
        Assert.NotNull(exclusive);
        Assert.True(File.Exists(_dir.Combine("data", IngestLock.FileName)));
    }

    [Fact]
    public async Task A_writer_waits_while_the_bootstrap_holds_the_lock_and_says_so_once()
    {
        var exclusive = IngestLock.TryAcquireExclusive(Embedded.DataDirectory);
        Assert.NotNull(exclusive);
        Assert.Null(IngestLock.TryAcquireExclusive(Embedded.DataDirectory));
        var notices = new List<string>();

        var writer = IngestLock.ForWritingAsync(Embedded, notices.Add, TimeProvider.System, default);
        await Task.Delay(700);
        Assert.False(writer.IsCompleted);
        exclusive.Dispose();
        using var held = await writer.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotNull(held);
        Assert.Equal(["Waiting: another command is adding the sample corpus to this index…"], notices);
    }

    [Fact]
    public async Task A_waiting_writer_can_be_cancelled()
    {
        using var exclusive = IngestLock.TryAcquireExclusive(Embedded.DataDirectory);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => IngestLock.ForWritingAsync(Embedded, _ => { }, TimeProvider.System, cancel.Token));
    }

    [Fact]
    public async Task Qdrant_takes_no_lock_and_creates_nothing_in_the_data_folder()
    {
        var qdrant = new StoreOptions { DataDirectory = _dir.Combine("data"), VectorStore = VectorStoreKind.Qdrant };

        Assert.Null(await IngestLock.ForWritingAsync(qdrant, _ => { }, TimeProvider.System, default));
        Assert.False(Directory.Exists(qdrant.DataDirectory));
    }
}
