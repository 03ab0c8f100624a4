using Assistant.Core.Retrieval;
using BenchmarkDotNet.Attributes;

namespace Assistant.Benchmarks;

/// <summary>RRF over a keyword and a dense leg that overlap by half, at the default and a large candidate count.</summary>
public class FusionBenchmarks
{
    private RankedLeg<long>[] _legs = null!;

    [Params(50, 1000)]
    public int CandidatesPerLeg { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var keyword = Enumerable.Range(0, CandidatesPerLeg).Select(i => (long)i).ToArray();
        var dense = Enumerable.Range(CandidatesPerLeg / 2, CandidatesPerLeg).Select(i => (long)i).Reverse().ToArray();
        _legs = [new("keyword", keyword), new("dense", dense)];
    }

    [Benchmark]
    public int Fuse() => ReciprocalRankFusion.Fuse(_legs).Count;
}
