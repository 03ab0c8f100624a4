namespace Assistant.Core.Retrieval.Dense;

public enum DenseQuantization
{
    /// <summary>Exact float32 scan of every row.</summary>
    None,

    /// <summary>Scan int8 codes (a quarter of the bytes), then re-score the best <c>k × RescoreFactor</c> rows exactly.</summary>
    Int8,
}

/// <summary>What the int8 mode keeps to re-score its candidates with.</summary>
public enum RescorePrecision
{
    /// <summary>
    /// float16 copy: 100k × 768 costs 154 MB instead of 307 MB, which keeps int8 + rescore copy inside the
    /// 400 MB budget. Half has 11 significant bits, so re-scored cosines are within ~1e-3 of float32.
    /// </summary>
    Half,

    /// <summary>float32 copy: bit-exact re-scoring, but int8 + float32 is ~385 MB of vectors at 100k × 768.</summary>
    Single,
}

public sealed record DenseIndexOptions
{
    public static DenseIndexOptions Default { get; } = new();

    public DenseQuantization Quantization { get; init; } = DenseQuantization.None;

    /// <summary>
    /// Int8 mode re-scores the best <c>k × RescoreFactor</c> approximate hits. On clustered 100k × 768 data recall@10
    /// was 0.976 at 1, and 0.997 (Half) / 1.000 (Single) from 2 up (tests/Assistant.Benchmarks/README.md);
    /// 4 leaves headroom for harder data, and re-scoring 40 rows costs microseconds.
    /// </summary>
    public int RescoreFactor { get; init; } = 4;

    public RescorePrecision RescorePrecision { get; init; } = RescorePrecision.Half;

    /// <summary>Scans split row pages over this many threads; 1 scans on the caller's thread only.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Below this many rows a scan stays on one thread: the fork/join costs more than it saves.</summary>
    public int ParallelThresholdRows { get; init; } = 16_384;

    internal void Validate()
    {
        if (!Enum.IsDefined(Quantization))
        {
            throw new ArgumentException($"Unknown dense quantization '{Quantization}'. Known: None, Int8.", nameof(Quantization));
        }

        if (!Enum.IsDefined(RescorePrecision))
        {
            throw new ArgumentException($"Unknown rescore precision '{RescorePrecision}'. Known: Half, Single.", nameof(RescorePrecision));
        }

        if (RescoreFactor is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(RescoreFactor), RescoreFactor, "RescoreFactor must be between 1 and 1000.");
        }

        if (MaxDegreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be at least 1.");
        }

        if (ParallelThresholdRows < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ParallelThresholdRows), ParallelThresholdRows, "ParallelThresholdRows must not be negative.");
        }
    }
}

/// <summary>One nearest neighbour: the caller's id and the cosine similarity to the query (−1…1).</summary>
public readonly record struct DenseHit(long Id, float Score);
