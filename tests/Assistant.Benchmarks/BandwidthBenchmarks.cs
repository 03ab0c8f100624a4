using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace Assistant.Benchmarks;

/// <summary>Sums a 512 MB array (far past the 32 MB L3): bytes ÷ time is the machine's streaming read bandwidth.</summary>
public class BandwidthBenchmarks
{
    public const int Floats = 128 * 1024 * 1024;
    private float[] _data = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new float[Floats];
        _data.AsSpan().Fill(1f);
    }

    [Benchmark]
    public float Sum512MB() => Measurements.ParallelSum(_data, Threads);
}
