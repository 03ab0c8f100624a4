using System.Diagnostics;
using System.Numerics.Tensors;
using Assistant.Core.Retrieval.Dense;

namespace Assistant.Benchmarks;

/// <summary>Stopwatch measurements that BenchmarkDotNet does not give directly: per-query percentiles, memory, recall.</summary>
internal static class Measurements
{
    public static float ParallelSum(float[] data, int threads)
    {
        if (threads == 1)
        {
            return TensorPrimitives.Sum(data);
        }

        var partial = new float[threads];
        var slice = data.Length / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var length = t == threads - 1 ? data.Length - (t * slice) : slice;
            partial[t] = TensorPrimitives.Sum(data.AsSpan(t * slice, length));
        });
        return partial.Sum();
    }

    public static void Bandwidth()
    {
        var data = new float[BandwidthBenchmarks.Floats];
        data.AsSpan().Fill(1f);
        var bytes = (double)data.Length * sizeof(float);
        foreach (var threads in new[] { 1, 2 })
        {
            var best = double.MaxValue;
            for (var run = 0; run < 8; run++)
            {
                var watch = Stopwatch.StartNew();
                ParallelSum(data, threads);
                best = Math.Min(best, watch.Elapsed.TotalSeconds);
            }

            Console.WriteLine($"bandwidth threads={threads}: {bytes / best / 1e9:F1} GB/s (best of 8, 512 MB sum)");
        }
    }

    public static void Memory(string mode)
    {
        var options = mode switch
        {
            "None" => new DenseIndexOptions(),
            "Int8Half" => new DenseIndexOptions { Quantization = DenseQuantization.Int8 },
            "Int8Single" => new DenseIndexOptions { Quantization = DenseQuantization.Int8, RescorePrecision = RescorePrecision.Single },
            _ => throw new ArgumentException($"Unknown memory mode '{mode}'. Known: None, Int8Half, Int8Single.", nameof(mode)),
        };
        var baseline = Environment.WorkingSet;
        using var index = IndexFactory.Build(options);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(
            $"memory {mode}: rows={index.Count} managed={managed / 1e6:F0} MB workingSet={Environment.WorkingSet / 1e6:F0} MB " +
            $"private={process.PrivateMemorySize64 / 1e6:F0} MB gcCommitted={GC.GetGCMemoryInfo().TotalCommittedBytes / 1e6:F0} MB  (empty-process working set {baseline / 1e6:F0} MB)");
    }

    public static void Latency()
    {
        var queries = IndexFactory.Queries(200);
        foreach (var quantization in new[] { DenseQuantization.None, DenseQuantization.Int8 })
        {
            foreach (var threads in new[] { 1, 2 })
            {
                using var index = IndexFactory.Build(new DenseIndexOptions { Quantization = quantization, MaxDegreeOfParallelism = threads });
                for (var i = 0; i < 20; i++)
                {
                    index.Search(queries[i], 10);
                }

                var times = new double[queries.Length];
                for (var i = 0; i < queries.Length; i++)
                {
                    var watch = Stopwatch.StartNew();
                    index.Search(queries[i], 10);
                    times[i] = watch.Elapsed.TotalMilliseconds;
                }

                Array.Sort(times);
                Console.WriteLine(
                    $"latency {quantization} threads={threads}: p50={times[times.Length / 2]:F2} ms " +
                    $"p95={times[(int)(times.Length * 0.95)]:F2} ms mean={times.Average():F2} ms (200 queries, k=10)");
            }
        }
    }

    public static void Recall()
    {
        const int k = 10;
        var queries = IndexFactory.Queries(200);
        using var exact = IndexFactory.Build(new DenseIndexOptions());
        var truth = queries.Select(q => exact.Search(q, k).Select(h => h.Id).ToHashSet()).ToArray();
        foreach (var precision in new[] { RescorePrecision.Half, RescorePrecision.Single })
        {
            foreach (var factor in new[] { 1, 2, 4, 8 })
            {
                using var index = IndexFactory.Build(new DenseIndexOptions
                {
                    Quantization = DenseQuantization.Int8,
                    RescoreFactor = factor,
                    RescorePrecision = precision,
                });
                var found = 0;
                for (var i = 0; i < queries.Length; i++)
                {
                    found += index.Search(queries[i], k).Count(h => truth[i].Contains(h.Id));
                }

                Console.WriteLine($"recall@{k} Int8 rescore={precision} factor={factor}: {found / (double)(queries.Length * k):F4}");
            }
        }
    }
}
