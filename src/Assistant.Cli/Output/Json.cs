using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
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
        answer.Notice);

    public static IngestJson Ingest(IngestReport report, string cwd) => new(
        report.Files.Select(f => new IngestFileJson(DisplayPath(f.Path, cwd), f.Outcome, f.Reason, f.Chunks, f.DocumentId, f.RecoveredShare)).ToList(),
        report.Count(IngestOutcome.Added),
        report.Count(IngestOutcome.Updated),
        report.Count(IngestOutcome.Unchanged),
        report.Count(IngestOutcome.Skipped),
        report.Count(IngestOutcome.Failed),
        report.Count(IngestOutcome.Removed),
        report.Chunks,
        Math.Round(report.Elapsed.TotalSeconds, 3));

    public static ReindexJson Reindex(ReindexReport r) => new(
        r.Outcome,
        r.Current is null ? null : new EmbeddingSpaceJson(r.Current.Model, r.Current.Dimensions),
        r.Previous is null ? null : new EmbeddingSpaceJson(r.Previous.Model, r.Previous.Dimensions),
        r.Documents,
        r.Chunks,
        Math.Round(r.Elapsed.TotalSeconds, 3));

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
    string? Notice);

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
    double Seconds);

internal sealed record EmbeddingSpaceJson(string Model, int Dimensions);

internal sealed record ReindexJson(ReindexOutcome Outcome, EmbeddingSpaceJson? Model, EmbeddingSpaceJson? Previous, int Documents, int Chunks, double Seconds);
