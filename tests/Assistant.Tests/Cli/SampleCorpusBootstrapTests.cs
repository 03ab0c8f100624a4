using System.Diagnostics;
using Assistant.Core.Ingestion;
using Assistant.Core.Storage;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

/// <summary>
/// When `search` and `ask` add the sample corpus to an empty index by themselves, through real processes: only into
/// the default ./data, and never while another process is ingesting into it.
/// </summary>
public sealed class SampleCorpusBootstrapTests : IDisposable
{
    private const string HeldLockNotice = "another ingest is running into this index; not adding the sample corpus";

    private readonly TempDir _dir = new();
    private readonly Dictionary<string, string?> _env;

    public SampleCorpusBootstrapTests()
    {
        // A two-file corpus of our own: fast, and the repository's docs-corpus is never what gets indexed here.
        _dir.Write("sample/refunds.md", "# Refunds\n\nRefunds are possible within 30 days of purchase.\n");
        _dir.Write("sample/shipping.md", "# Shipping\n\nParcels ship within two working days.\n");
        _dir.Write("work/placeholder.txt", "the current folder of the commands");
        _env = new() { ["ASSISTANT_SampleCorpusPath"] = _dir.Combine("sample") };
    }

    public void Dispose() => _dir.Dispose();

    private string Work => _dir.Combine("work");

    [Fact]
    public async Task An_empty_default_index_gets_the_sample_corpus_first()
    {
        var result = await CliProcess.RunAsync(Work, _env, "search", "refunds", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("ingesting the sample corpus", result.StdErr);
        Assert.Contains("refunds.md", result.StdOut);
        Assert.Equal(2, new DbInspector(Path.Combine(Work, "data", "assistant.db")).Documents);
    }

    [Fact]
    public async Task While_another_process_holds_the_ingest_lock_the_sample_corpus_is_not_added()
    {
        // What a running `assistant ingest` holds for its whole run; an OS lock, so it is seen across processes.
        using (var writing = await IngestLock.ForWritingAsync(new StoreOptions { DataDirectory = Path.Combine(Work, "data") }, _ => { }, TimeProvider.System, default))
        {
            Assert.NotNull(writing);
            var search = await CliProcess.RunAsync(Work, _env, "search", "refunds", "--json");
            var ask = await CliProcess.RunAsync(Work, _env, "ask", "What is the refund policy?", "--json");

            Assert.True(search.ExitCode == 0, search.ToString());
            Assert.Contains(HeldLockNotice, search.StdErr);
            Assert.DoesNotContain("ingesting the sample corpus", search.StdErr);
            Assert.Equal("[]", search.StdOut.Trim());
            Assert.Contains(HeldLockNotice, ask.StdErr);
            Assert.Equal(0, new DbInspector(Path.Combine(Work, "data", "assistant.db")).Documents);
        }

        // Once the lock is released (the ingest ended), the next search bootstraps as usual.
        var after = await CliProcess.RunAsync(Work, _env, "search", "refunds", "--json");
        Assert.Contains("ingesting the sample corpus", after.StdErr);
    }

    [Theory]
    [InlineData("ingest", "../sample")]
    [InlineData("reindex", "--drop-vectors")]
    public async Task Ingest_and_reindex_take_the_writers_lock_so_they_wait_for_a_running_bootstrap(string command, string argument)
    {
        // The bootstrap's side of the lock, held by this test: a writer must wait for it, which proves it takes the lock.
        var bootstrap = IngestLock.TryAcquireExclusive(Path.Combine(Work, "data"));
        Assert.NotNull(bootstrap);
        using var process = Process.Start(CliProcess.StartInfo(Work, [command, argument]))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            var line = await process.StandardError.ReadLineAsync(timeout.Token);
            Assert.Equal("Waiting: another command is adding the sample corpus to this index…", line);
            Assert.False(process.HasExited);
        }
        finally
        {
            bootstrap.Dispose();
        }

        using var finish = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(finish.Token);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stdout}{await process.StandardError.ReadToEndAsync()}");
    }

    [Theory]
    [InlineData("--data")]
    [InlineData("ASSISTANT_DATA")]
    [InlineData("DataDirectory")]
    public async Task An_empty_index_in_another_data_folder_is_left_empty_with_a_hint(string how)
    {
        var env = new Dictionary<string, string?>(_env);
        string[] args = ["search", "refunds", "--json"];
        switch (how)
        {
            case "--data": args = [.. args, "--data", "mine"]; break;
            case "ASSISTANT_DATA": env["ASSISTANT_DATA"] = "mine"; break;
            default: env["ASSISTANT_DataDirectory"] = "mine"; break;
        }

        var result = await CliProcess.RunAsync(Work, env, args);
        var ask = await CliProcess.RunAsync(Work, env, ["ask", "What is the refund policy?", .. args[3..]]);

        // Exit 1, not an empty result: a mistyped --data must not look like "nothing matched".
        foreach (var run in new[] { result, ask })
        {
            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains($"The index in {Path.Combine(Work, "mine")} is empty: add documents with 'assistant ingest PATH --data mine'", run.StdErr);
            Assert.DoesNotContain("ingesting the sample corpus", run.StdErr);
            Assert.Equal(string.Empty, run.StdOut.Trim());
        }

        Assert.Equal(0, new DbInspector(Path.Combine(Work, "mine", "assistant.db")).Documents);
        Assert.False(Directory.Exists(Path.Combine(Work, "data")));
    }

    [Fact]
    public async Task Naming_the_default_folder_explicitly_still_gets_the_sample_corpus()
    {
        var result = await CliProcess.RunAsync(Work, _env, "search", "refunds", "--json", "--data", "./data");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("ingesting the sample corpus", result.StdErr);
    }
}
