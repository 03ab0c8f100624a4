using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Assistant.Cli.Benchmarking;
using Assistant.Core.Answering;
using Assistant.Core.Ingestion;
using Assistant.Core.Retrieval;

namespace Assistant.Cli.Output;

/// <summary>
/// The --json formats. They are a public contract documented in the README: add fields, never rename or remove.
/// </summary>
internal static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        // Korean stays readable in the output instead of \uXXXX escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static void Write<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Options));

    public static HitJson Hit(SearchHit hit, string cwd) =>
        new(hit.Rank, Math.Round(hit.Score, 6), hit.DocumentId, DisplayPath(hit.Source, cwd), hit.Section, hit.Page, hit.Text);

    public static AskJson Ask(AnswerResult answer, string cwd) => new(
        answer.Answer,
        answer.Mode,
        answer.Found,
        answer.Sources.Select(c => new SourceJson(c.N, c.Hit.Rank, Math.Round(c.Hit.Score, 6), c.Hit.DocumentId, DisplayPath(c.Hit.Source, cwd), c.Hit.Section, c.Hit.Page, c.Hit.Text)).ToList(),
        answer.Model,
        answer.Profile,
        answer.FallbackFrom,
        answer.Usage is null ? null : new UsageJson(answer.Usage.InputTokens, answer.Usage.OutputTokens, answer.Usage.TotalTokens),
        answer.TimeToFirstTokenMs is { } ttft ? Math.Round(ttft, 1) : null,
        answer.TotalMs is { } total ? Math.Round(total, 1) : null,
        answer.Notice,
        answer.CitationChecks.Select(c => new CitationCheckJson(c.N, c.Supported, c.Reason)).ToList(),
        answer.RemovedCitations);

    public static IngestJson Ingest(IngestReport report, string cwd) => new(
        report.Files.Select(f => new IngestFileJson(DisplayPath(f.Path, cwd), f.Outcome, f.Reason, f.Chunks, f.DocumentId, f.RecoveredShare)).ToList(),
        report.Count(IngestOutcome.Added),
        report.Count(IngestOutcome.Updated),
        report.Count(IngestOutcome.Unchanged),
        report.Count(IngestOutcome.Skipped),
        report.Count(IngestOutcome.Failed),
        report.Count(IngestOutcome.Removed),
        report.Chunks,
        Math.Round(report.Elapsed.TotalSeconds, 3),
        report.Warnings);

    public static ReindexJson Reindex(ReindexReport r) => new(
        r.Outcome,
        r.Current is null ? null : new EmbeddingSpaceJson(r.Current.Model, r.Current.Dimensions),
        r.Previous is null ? null : new EmbeddingSpaceJson(r.Previous.Model, r.Previous.Dimensions),
        r.Documents,
        r.Chunks,
        Math.Round(r.Elapsed.TotalSeconds, 3));

    public static BenchStoreJson BenchStore(BenchStoreReport report, string? keptDirectory) => new(
        report.Settings.Chunks,
        report.Settings.Dimensions,
        report.Settings.Queries,
        report.Settings.Seed,
        new MachineJson(Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, report.LoadAverageAtStart, report.LoadAverageAtEnd),
        new BenchCorpusJson(report.Corpus.Files, report.Corpus.MarkdownFiles, report.Corpus.TextFiles, Megabytes(report.Corpus.Bytes), report.Corpus.Chunks, Seconds(report.Corpus.Elapsed)),
        new BenchIngestionJson(
            report.Ingestion.Files,
            report.Ingestion.Added,
            report.Ingestion.Skipped,
            report.Ingestion.Failed,
            report.Ingestion.Chunks,
            Megabytes(report.Ingestion.Bytes),
            Seconds(report.Ingestion.Elapsed),
            Seconds(report.Ingestion.CpuTime),
            Math.Round(report.Ingestion.MegabytesPerSecond, 3),
            BenchTargets.IngestionMegabytesPerSecond,
            report.Ingestion.MegabytesPerSecond >= BenchTargets.IngestionMegabytesPerSecond),
        new BenchKeywordJson(
            report.Keyword.Chunks,
            report.Keyword.Top,
            report.Keyword.WarmupQueries,
            Latency(report.Keyword.Latency),
            Latency(report.Keyword.Fts5Latency),
            new BenchKeywordIndexJson(report.Keyword.MemoryIndex.Rows, Math.Round(report.Keyword.MemoryIndex.EstimatedBytes / 1e6, 1), Math.Round(report.Keyword.MemoryIndex.Seconds, 2), report.Keyword.MemoryIndex.Refusal),
            Math.Round(report.Keyword.MeanHits, 2),
            Math.Round(report.Keyword.MeanMatchingChunks, 1),
            Math.Round(report.Keyword.MedianMatchingChunks, 1),
            BenchTargets.KeywordP50Ms,
            report.Keyword.Latency.P50Ms <= BenchTargets.KeywordP50Ms),
        report.Dense is not { } dense ? null : new BenchDenseJson(
            dense.Chunks,
            dense.Dimensions,
            dense.Top,
            "synthetic-clustered",
            Seconds(dense.WriteTime),
            Megabytes(dense.DatabaseBytes),
            dense.RescoreFactor,
            dense.RescorePrecision,
            DenseMode(dense.Exact, BenchTargets.DenseExactP50Ms, null),
            DenseMode(dense.Int8, BenchTargets.DenseInt8P50Ms, BenchTargets.DenseInt8RecallAt10)),
        keptDirectory,
        Seconds(report.Elapsed));

    private static BenchDenseModeJson DenseMode(DenseModeResult mode, double targetP50Ms, double? targetRecall) => new(
        mode.Quantization,
        Seconds(mode.LoadTime),
        Latency(mode.Latency),
        mode.RecallAt10 is { } recall ? Math.Round(recall, 4) : null,
        Memory(mode.BeforeLoad),
        Memory(mode.AfterLoad),
        targetP50Ms,
        targetRecall,
        mode.Latency.P50Ms <= targetP50Ms && (targetRecall is not { } minimum || mode.RecallAt10 >= minimum));

    private static LatencyJson Latency(LatencySummary latency) =>
        new(latency.Count, Math.Round(latency.P50Ms, 3), Math.Round(latency.P95Ms, 3), Math.Round(latency.MeanMs, 3), Math.Round(latency.MaxMs, 3));

    private static MemoryJson Memory(MemorySnapshot memory) =>
        new(Megabytes(memory.WorkingSetBytes), Megabytes(memory.PrivateBytes), Megabytes(memory.GcHeapBytes));

    private static double Megabytes(long bytes) => Math.Round(bytes / 1e6, 2);

    private static double Seconds(TimeSpan elapsed) => Math.Round(elapsed.TotalSeconds, 3);

    /// <summary>Paths under the current folder are shown relative to it, others in full.</summary>
    public static string DisplayPath(string path, string cwd)
    {
        var prefix = cwd.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : path;
    }
}

internal sealed record HitJson(int Rank, double Score, string DocumentId, string Source, string Section, int? Page, string Text);

internal sealed record SourceJson(int N, int Rank, double Score, string DocumentId, string Source, string Section, int? Page, string Text);

internal sealed record UsageJson(long? InputTokens, long? OutputTokens, long? TotalTokens);

internal sealed record AskJson(
    string Answer,
    string Mode,
    bool Found,
    IReadOnlyList<SourceJson> Sources,
    string? Model,
    string? Profile,
    string? FallbackFrom,
    UsageJson? Usage,
    double? TimeToFirstTokenMs,
    double? TotalMs,
    string? Notice,
    IReadOnlyList<CitationCheckJson> Citations,
    IReadOnlyList<int> RemovedCitations);

internal sealed record CitationCheckJson(int N, bool Supported, string? Reason);

internal sealed record IngestFileJson(string Path, IngestOutcome Outcome, string? Reason, int Chunks, string? DocumentId, double? RecoveredShare);

internal sealed record IngestJson(
    IReadOnlyList<IngestFileJson> Files,
    int Added,
    int Updated,
    int Unchanged,
    int Skipped,
    int Failed,
    int Removed,
    int Chunks,
    double Seconds,
    IReadOnlyList<string> Warnings);

internal sealed record EmbeddingSpaceJson(string Model, int Dimensions);

internal sealed record ReindexJson(ReindexOutcome Outcome, EmbeddingSpaceJson? Model, EmbeddingSpaceJson? Previous, int Documents, int Chunks, double Seconds);

/// <summary>`bench-store --json`. Sizes in MB are 10^6 bytes; latencies in milliseconds; see README "Benchmarking the store".</summary>
internal sealed record BenchStoreJson(
    int Chunks,
    int Dimensions,
    int Queries,
    int Seed,
    MachineJson Machine,
    BenchCorpusJson Corpus,
    BenchIngestionJson Ingestion,
    BenchKeywordJson Keyword,
    BenchDenseJson? Dense,
    string? DataDirectory,
    double Seconds);

internal sealed record MachineJson(int ProcessorCount, string Os, string Runtime, double? LoadAverageAtStart, double? LoadAverageAtEnd);

internal sealed record BenchCorpusJson(int Files, int MarkdownFiles, int TextFiles, double Megabytes, int Chunks, double Seconds);

internal sealed record BenchIngestionJson(int Files, int Added, int Skipped, int Failed, int Chunks, double Megabytes, double Seconds, double CpuSeconds, double MegabytesPerSecond, double TargetMegabytesPerSecond, bool MeetsTarget);

internal sealed record LatencyJson(int Count, double P50Ms, double P95Ms, double MeanMs, double MaxMs);

internal sealed record BenchKeywordJson(int Chunks, int Top, int WarmupQueries, LatencyJson Latency, LatencyJson Fts5Latency, BenchKeywordIndexJson MemoryIndex, double MeanHits, double MeanMatchingChunks, double MedianMatchingChunks, double TargetP50Ms, bool MeetsTarget);

internal sealed record BenchKeywordIndexJson(int Rows, double Megabytes, double Seconds, string? Refusal);

internal sealed record MemoryJson(double WorkingSetMegabytes, double PrivateMegabytes, double GcHeapMegabytes);

internal sealed record BenchDenseModeJson(
    Assistant.Core.Retrieval.Dense.DenseQuantization Quantization,
    double LoadSeconds,
    LatencyJson Latency,
    double? RecallAt10,
    MemoryJson MemoryBeforeLoad,
    MemoryJson MemoryAfterLoad,
    double TargetP50Ms,
    double? TargetRecallAt10,
    bool MeetsTarget);

internal sealed record BenchDenseJson(
    int Chunks,
    int Dimensions,
    int Top,
    string Vectors,
    double WriteSeconds,
    double DatabaseMegabytes,
    int RescoreFactor,
    Assistant.Core.Retrieval.Dense.RescorePrecision RescorePrecision,
    BenchDenseModeJson Exact,
    BenchDenseModeJson Int8);
