using System.Diagnostics;
using System.Text.Json;
using Assistant.Tests.TestSupport;
using Xunit.Abstractions;

namespace Assistant.Tests.Cli;

/// <summary>
/// Kills a real `assistant ingest` mid-batch (SIGKILL, as a crash or power cut would) and checks that the index
/// is consistent, then that re-running completes the batch with every file indexed exactly once.
/// </summary>
public sealed class CrashConsistencyTests(ITestOutputHelper output) : IDisposable
{
    private const int FileCount = 300;
    private const int KillAfterFiles = 40;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_killed_ingest_leaves_a_consistent_index_and_a_rerun_indexes_every_file_once()
    {
        for (var i = 0; i < FileCount; i++)
        {
            _dir.Write($"corpus/{i / 100}/doc{i:D3}.md", $"# Document {i}\n\nUnique marker{i:D3} for this file.\n\n{TextFactory.Prose(1000 + i, sentences: 250)}\n");
        }

        var killedAfter = await IngestAndKillAsync();
        var db = new DbInspector(_dir.Combine("idx", "assistant.db"));

        db.AssertConsistent();
        var survived = db.Documents;
        output.WriteLine($"killed after {killedAfter} progress lines; {survived} documents survived, {db.Chunks} chunks");
        Assert.InRange(survived, KillAfterFiles, FileCount - 1);

        var rerun = await CliProcess.RunAsync(_dir.Path, "ingest", "corpus", "--allow-duplicates", "--json", "--data", "idx");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        using var report = JsonDocument.Parse(rerun.StdOut);
        Assert.Equal(survived, report.RootElement.GetProperty("unchanged").GetInt32());
        Assert.Equal(FileCount - survived, report.RootElement.GetProperty("added").GetInt32());
        Assert.Equal(0, report.RootElement.GetProperty("failed").GetInt32());
        Assert.Equal(0, report.RootElement.GetProperty("skipped").GetInt32());
        db.AssertConsistent();
        Assert.Equal(FileCount, db.Documents);
        Assert.Equal(FileCount, db.Scalar("SELECT COUNT(DISTINCT source) FROM documents"));
        Assert.Equal(0, db.Scalar("SELECT COUNT(*) FROM (SELECT 1 FROM chunks GROUP BY document_id, idx HAVING COUNT(*) > 1)"));
        Assert.Equal(0, db.Scalar("SELECT COUNT(*) - COUNT(DISTINCT text) FROM chunks"));
        Assert.Equal(FileCount, db.Scalar("SELECT COUNT(*) FROM chunks WHERE text LIKE '%Unique marker%'"));
        Assert.True(killedAfter >= KillAfterFiles);
    }

    /// <returns>How many progress lines had been read when the process was killed.</returns>
    private async Task<int> IngestAndKillAsync()
    {
        using var process = Process.Start(CliProcess.StartInfo(_dir.Path, ["ingest", "corpus", "--allow-duplicates", "--data", "idx"]))!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var completed = 0;
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.Contains("] added ", StringComparison.Ordinal) && ++completed >= KillAfterFiles)
                {
                    process.Kill(entireProcessTree: true);
                    break;
                }
            }
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        Assert.True(completed >= KillAfterFiles, $"ingest ended after {completed} files without being killed (exit {process.ExitCode}): {await stderr}");
        return completed;
    }
}
