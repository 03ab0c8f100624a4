using System.ComponentModel.DataAnnotations;
using Assistant.Core.Retrieval.Dense;

namespace Assistant.Core.Retrieval;

/// <summary>The "Retrieval" section of appsettings.json: how the keyword and dense legs are fused.</summary>
public sealed class RetrievalOptions
{
    public const string SectionName = "Retrieval";

    /// <summary>RRF's k: larger values flatten the gap between rank 1 and rank 10. 60 is the paper's value.</summary>
    [Range(0, 10_000)]
    public int RrfK { get; set; } = ReciprocalRankFusion.DefaultK;

    [Range(0.0, 100.0)]
    public double KeywordWeight { get; set; } = 1.0;

    [Range(0.0, 100.0)]
    public double DenseWeight { get; set; } = 1.0;

    /// <summary>How many hits each leg contributes before fusion; the fused list is cut to the query's Top.</summary>
    [Range(1, 10_000)]
    public int CandidatesPerLeg { get; set; } = 50;

    /// <summary>
    /// Embedded store: keyword search ranks from an in-memory copy of the FTS5 index (exactly as FTS5's bm25() would)
    /// up to this many chunks; above it, or at 0, FTS5 ranks every query. About 1 MB per 1,000 chunks of prose.
    /// </summary>
    [Range(0, 10_000_000)]
    public int KeywordMemoryIndexMaxChunks { get; set; } = 100_000;

    public DenseQuantization DenseQuantization { get; set; } = DenseQuantization.None;

    /// <summary>Int8 only: re-score the best k × RescoreFactor approximate hits with the rescore copy.</summary>
    [Range(1, 1000)]
    public int RescoreFactor { get; set; } = 4;

    /// <summary>Int8 only: float16 rescore copy (default, fits the memory budget) or float32 (bit-exact).</summary>
    public RescorePrecision RescorePrecision { get; set; } = RescorePrecision.Half;

    public DenseIndexOptions ToDenseIndexOptions() => new()
    {
        Quantization = DenseQuantization,
        RescoreFactor = RescoreFactor,
        RescorePrecision = RescorePrecision,
    };
}
