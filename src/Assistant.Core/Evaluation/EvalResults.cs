namespace Assistant.Core.Evaluation;

// The results.json object (README "Compare models"): `assistant eval --json` prints it and --out writes it.
// A public contract: add fields, never rename or remove. Rates and scores are in [0, 1]; null means "not measured".

public sealed record EvalResults(
    string Set,
    int Questions,
    RetrievalResults? Retrieval,
    IReadOnlyList<ModelResults> Models)
{
    public int Answerable { get; init; }

    public int Unanswerable { get; init; }
}

/// <summary>Retrieval quality over the answerable questions, for the default mode; every mode measured in <see cref="ByMode"/>.</summary>
public sealed record RetrievalResults(double RecallAtK, double Mrr, double NdcgAtK)
{
    public int K { get; init; }

    /// <summary>The mode of the top-level figures: hybrid when the index has vectors, else keyword.</summary>
    public string Mode { get; init; } = "keyword";

    public IReadOnlyDictionary<string, RetrievalScores> ByMode { get; init; } = new Dictionary<string, RetrievalScores>();

    /// <summary>The default mode's figures per language ("ko", "en").</summary>
    public IReadOnlyDictionary<string, RetrievalScores> ByLanguage { get; init; } = new Dictionary<string, RetrievalScores>();
}

public sealed record RetrievalScores(int Questions, double RecallAtK, double Mrr, double NdcgAtK);

public sealed record LatencyResults(double? TtftP50Ms, double? TtftP95Ms, double? TotalP50Ms, double? TotalP95Ms);

public sealed record AccuracyResults(double? KeyFacts, double? TokenF1, double? Judge);

public sealed record TokenResults(long Input, long Output);

/// <summary>One model's figures over a slice of the questions (all, one language or one tag).</summary>
public sealed record ModelSlice(
    int Questions,
    LatencyResults Latency,
    double? TokensPerSecond,
    AccuracyResults Accuracy,
    double? CitationPrecision,
    double? RefusalRate,
    double? FalseAnswerRate,
    int Errors);

/// <summary>Latency and throughput with <see cref="Concurrency"/> questions in flight at once.</summary>
public sealed record LoadPoint(int Concurrency, int Answers, LatencyResults Latency, double? TokensPerSecond, double ThroughputTokensPerSecond, int Errors);

public sealed record ModelResults(
    string Profile,
    string? Model,
    LatencyResults Latency,
    double? TokensPerSecond,
    AccuracyResults Accuracy,
    double? CitationPrecision,
    double? RefusalRate,
    double? FalseAnswerRate,
    double? Consistency,
    int Errors,
    TokenResults Tokens,
    decimal? Cost,
    IReadOnlyDictionary<string, ModelSlice> ByLanguage)
{
    public int Timeouts { get; init; }

    /// <summary>Answers measured (questions × repeats), and how many of them came from the cache.</summary>
    public int Answers { get; init; }

    public int CachedAnswers { get; init; }

    public decimal? CostPer100Questions { get; init; }

    /// <summary>Memory the model occupies on its Ollama server (<c>/api/ps</c> size), for Ollama profiles.</summary>
    public long? MemoryBytes { get; init; }

    public IReadOnlyDictionary<string, ModelSlice> ByTag { get; init; } = new Dictionary<string, ModelSlice>();

    public IReadOnlyList<LoadPoint> Load { get; init; } = [];

    /// <summary>The first few errors, for the report (never a key: model errors name the profile and the HTTP status).</summary>
    public IReadOnlyList<string> ErrorSamples { get; init; } = [];
}
