using System.Diagnostics;
using System.Globalization;

namespace Assistant.Cli.Benchmarking;

/// <summary>Per-query latencies in milliseconds; percentiles by nearest rank.</summary>
internal sealed record LatencySummary(int Count, double P50Ms, double P95Ms, double MeanMs, double MaxMs)
{
    public static LatencySummary From(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0) throw new ArgumentException("No latencies were measured.", nameof(milliseconds));
        var sorted = milliseconds.Order().ToArray();
        return new LatencySummary(sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.95), sorted.Average(), sorted[^1]);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>
/// Process memory after a full, compacting collection in aggressive mode, which also gives free GC memory back to
/// the OS: without it, the int8 figures would still carry the float32 index measured (and freed) before them.
/// </summary>
internal sealed record MemorySnapshot(long WorkingSetBytes, long PrivateBytes, long GcHeapBytes)
{
    public static MemorySnapshot Take()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return new MemorySnapshot(process.WorkingSet64, process.PrivateMemorySize64, GC.GetTotalMemory(forceFullCollection: false));
    }
}

internal static class MachineLoad
{
    /// <summary>The 1-minute load average from /proc/loadavg (Linux), else null: the figures mean little without it.</summary>
    public static double? OneMinute()
    {
        try
        {
            var text = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg") : null;
            var first = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>The performance targets of issue 4 (2-core machine, 100k chunks, 768 dimensions).</summary>
internal static class BenchTargets
{
    public const double KeywordP50Ms = 10;
    public const double IngestionMegabytesPerSecond = 5;
    public const double DenseExactP50Ms = 15;
    public const double DenseInt8P50Ms = 5;
    public const double DenseInt8RecallAt10 = 0.99;
}
