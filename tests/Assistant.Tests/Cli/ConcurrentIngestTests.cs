using System.Diagnostics;
using System.Text.Json;
using Assistant.Tests.TestSupport;
using Xunit.Abstractions;

namespace Assistant.Tests.Cli;

/// <summary>
/// Two real `assistant ingest` processes started together on one index, over two folders holding the same files:
/// the duplicate check and the insert are one step, so the index keeps one copy of each content, as it would had
/// the two commands run one after the other.
/// </summary>
public sealed class ConcurrentIngestTests(ITestOutputHelper output) : IDisposable
{
    private const int FileCount = 200;

    // Generous: two .NET processes on a loaded 2-core runner; the work itself takes a few seconds.
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(180);

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Two_processes_ingesting_the_same_content_under_two_paths_keep_one_copy_of_each()
    {
        for (var i = 0; i < FileCount; i++)
        {
            var text = $"# Note {i}\n\nMarker{i:D3}. {TextFactory.Prose(7000 + i, sentences: 6)}\n";
            _dir.Write($"A/note{i:D3}.md", text);
            _dir.Write($"B/note{i:D3}.md", text);
        }

        var stopwatch = Stopwatch.StartNew();
        var runs = await Task.WhenAll(IngestAsync("A"), IngestAsync("B"));
        output.WriteLine($"both finished in {stopwatch.Elapsed.TotalSeconds:0.0} s");

        var files = new List<(string Path, string Outcome, string? Reason)>();
        foreach (var run in runs)
        {
            Assert.True(run.ExitCode == 0, run.ToString());
            using var report = JsonDocument.Parse(run.StdOut);
            files.AddRange(report.RootElement.GetProperty("files").EnumerateArray().Select(f =>
                (f.GetProperty("path").GetString()!, f.GetProperty("outcome").GetString()!, f.GetProperty("reason").GetString())));
        }

        var skipped = files.Where(f => f.Outcome == "skipped").ToList();
        output.WriteLine($"added {files.Count(f => f.Outcome == "added")}, skipped {skipped.Count} (A: {skipped.Count(f => f.Path.StartsWith("A/", StringComparison.Ordinal))})");
        Assert.Equal(2 * FileCount, files.Count);
        Assert.Equal(FileCount, files.Count(f => f.Outcome == "added"));
        Assert.Equal(FileCount, skipped.Count);
        Assert.All(skipped, f => Assert.Matches(@"^duplicate of .*[AB]/note\d{3}\.md \(identical content\)$", f.Reason));
        // Each content is added once, by one side or the other.
        Assert.Equal(FileCount, files.Where(f => f.Outcome == "added").Select(f => Path.GetFileName(f.Path)).Distinct().Count());

        var db = new DbInspector(_dir.Combine("idx", "assistant.db"));
        db.AssertConsistent();
        Assert.Equal(FileCount, db.Documents);
        Assert.Equal(FileCount, db.Scalar("SELECT COUNT(DISTINCT content_hash) FROM documents"));
    }

    [Fact]
    public async Task Allow_duplicates_still_indexes_both_copies()
    {
        for (var i = 0; i < 5; i++)
        {
            var text = $"# Note {i}\n\n{TextFactory.Prose(8000 + i, sentences: 6)}\n";
            _dir.Write($"A/note{i}.md", text);
            _dir.Write($"B/note{i}.md", text);
        }

        var runs = await Task.WhenAll(IngestAsync("A", "--allow-duplicates"), IngestAsync("B", "--allow-duplicates"));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.ToString()));
        Assert.Equal(10, new DbInspector(_dir.Combine("idx", "assistant.db")).Documents);
    }

    private async Task<CliResult> IngestAsync(string folder, params string[] extra)
    {
        using var process = Process.Start(CliProcess.StartInfo(_dir.Path, ["ingest", folder, "--json", "--data", "idx", .. extra]))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ProcessTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"assistant ingest {folder} did not finish within {ProcessTimeout.TotalSeconds} s");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
