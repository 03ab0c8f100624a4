using Assistant.Core.Retrieval.Dense;
using BenchmarkDotNet.Attributes;

namespace Assistant.Benchmarks;

/// <summary>Top-10 search over 100k × 768 clustered vectors: exact float32 vs int8 + rescore, 1 vs all cores.</summary>
public class DenseSearchBenchmarks
{
    private DenseVectorIndex _index = null!;
    private float[][] _queries = null!;
    private int _next;

    [Params(DenseQuantization.None, DenseQuantization.Int8)]
    public DenseQuantization Quantization { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _index = IndexFactory.Build(new DenseIndexOptions { Quantization = Quantization, MaxDegreeOfParallelism = Threads });
        _queries = IndexFactory.Queries(64);
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark]
    public int SearchTop10()
    {
        var query = _queries[_next++ % _queries.Length];
        return _index.Search(query, 10).Count;
    }
}
