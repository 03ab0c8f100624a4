using System.Diagnostics;
using System.Globalization;
using Assistant.Core.Ingestion;

namespace Assistant.Cli.Benchmarking;

/// <summary>One hostile input through the real pipeline: what happened, how long, and the process's peak memory meanwhile.</summary>
internal sealed record HostileResult(string Name, string Kind, string Outcome, string? Reason, long ReadableBytes, double Seconds, long? PeakRssBytes, long? StartRssBytes);

internal sealed record HostileReport(
    IReadOnlyList<HostileResult> Cases,
    long? BaselineRssBytes,
    long? WholeSetPeakRssBytes,
    long LargestReadableBytes,
    long? BudgetBytes,
    bool? WithinBudget,
    double WholeSetSeconds,
    double? LoadAverageAtStart,
    double? LoadAverageAtEnd);

/// <summary>
/// Runs the hostile set (<see cref="HostileCorpus"/>) through ingestion and checks the memory budget of issue 9: the
/// process's peak resident memory over the whole hostile set in one batch stays under its baseline plus four times the
/// largest file it may read. Large ordinary documents are measured one by one beside it and reported, not budgeted. Peak memory is Linux's VmHWM, reset before each measurement through /proc/self/clear_refs, so each case gets
/// its own peak; the baseline is the resident size after a warm-up ingest (JIT, SQLite, tokenizer loaded).
/// </summary>
internal sealed class HostileBenchmark(Func<string, IngestionPipeline> pipelineFor, TextWriter progress)
{
    public async Task<HostileReport> RunAsync(string workDirectory, int megabytes, CancellationToken cancellationToken)
    {
        var loadAtStart = MachineLoad.OneMinute();
        var folder = Path.Combine(workDirectory, "set");
        progress.WriteLine($"[bench-hostile] writing the hostile set ({megabytes} MB files) to {folder}");
        var cases = HostileCorpus.Write(folder, Path.Combine(workDirectory, "ordinary"), megabytes, seed: 9);

        var perCase = pipelineFor(Path.Combine(workDirectory, "per-case"));
        var warmUp = Path.Combine(workDirectory, "warm-up.md");
        await File.WriteAllTextAsync(warmUp, "# Warm-up\n\nPelicans 펠리컨 glide over the bay.\n", cancellationToken);
        await perCase.IngestAsync(new IngestRequest([warmUp]), null, cancellationToken);
        MemorySnapshot.Take();
        var baseline = PeakMemory.Current();

        // The whole set first, right after the baseline: memory a process has once grown to is not all given back,
        // so measured after the large inputs below it would carry them.
        progress.WriteLine("[bench-hostile] the whole set in one batch");
        var whole = await MeasureAsync(pipelineFor(Path.Combine(workDirectory, "whole-set")), folder, cancellationToken);

        var results = new List<HostileResult>();
        foreach (var hostile in cases)
        {
            progress.WriteLine($"[bench-hostile] {hostile.Name}");
            var (report, seconds, start, peak) = await MeasureAsync(perCase, hostile.Path, cancellationToken);
            var worst = report.Files.FirstOrDefault(f => f.Outcome == IngestOutcome.Failed)
                ?? report.Files.FirstOrDefault(f => f.Outcome == IngestOutcome.Skipped)
                ?? report.Files.FirstOrDefault();
            var outcome = report.Files.Count == 1 || worst is null
                ? worst?.Outcome.ToString().ToLowerInvariant() ?? "nothing found"
                : string.Join(", ", report.Files.GroupBy(f => f.Outcome).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));
            results.Add(new HostileResult(hostile.Name, hostile.Ordinary ? "ordinary" : "hostile", outcome, worst?.Reason, hostile.ReadableBytes, seconds, peak, start));
        }

        var largest = cases.Where(c => !c.Ordinary).Max(c => c.ReadableBytes);
        long? budget = baseline is { } b ? b + (4 * largest) : null;
        return new HostileReport(
            results,
            baseline,
            whole.Peak,
            largest,
            budget,
            budget is { } limit && whole.Peak is { } p ? p <= limit : null,
            whole.Seconds,
            loadAtStart,
            MachineLoad.OneMinute());
    }

    private static async Task<(IngestReport Report, double Seconds, long? Start, long? Peak)> MeasureAsync(IngestionPipeline pipeline, string path, CancellationToken cancellationToken)
    {
        MemorySnapshot.Take();
        var start = PeakMemory.Current();
        var reset = PeakMemory.Reset();
        var watch = Stopwatch.StartNew();
        var report = await pipeline.IngestAsync(new IngestRequest([path]), null, cancellationToken);
        var seconds = watch.Elapsed.TotalSeconds;
        return (report, seconds, start, reset ? PeakMemory.Peak() : null);
    }
}

/// <summary>Resident memory of this process from /proc/self/status (Linux); null elsewhere.</summary>
internal static class PeakMemory
{
    public static long? Current() => Read("VmRSS:");

    public static long? Peak() => Read("VmHWM:");

    /// <summary>Resets the peak to the current size (writing 5 to /proc/self/clear_refs); false where that is not possible.</summary>
    public static bool Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long? Read(string key)
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            var number = line?[key.Length..].Trim().Split(' ')[0];
            return long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kilobytes) ? kilobytes * 1024 : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
