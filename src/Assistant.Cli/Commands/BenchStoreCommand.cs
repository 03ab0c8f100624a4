using System.CommandLine;
using Assistant.Cli.Benchmarking;
using Assistant.Cli.Output;
using Assistant.Core.Ingestion;
using Assistant.Core.Ingestion.Chunking;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage;
using Assistant.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Assistant.Cli.Commands;

/// <summary>`assistant bench-store`: the embedded store's macro benchmark (ingestion, keyword and dense search at scale).</summary>
internal static class BenchStoreCommand
{
    public static Command Create()
    {
        var chunks = new Option<int>("--chunks") { Description = "Chunks in the generated corpus and in the dense index.", DefaultValueFactory = _ => 100_000 };
        var dimensions = new Option<int>("--dimensions") { Description = "Dimensions of the synthetic vectors.", DefaultValueFactory = _ => 768 };
        var queries = new Option<int>("--queries") { Description = "Timed queries per search mode (after 20 warm-up queries).", DefaultValueFactory = _ => 200 };
        var skipDense = new Option<bool>("--skip-dense") { Description = "Only ingestion and keyword search." };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON (see README)." };
        var keep = new Option<bool>("--keep") { Description = "Keep the generated corpus and indexes (the folder is printed)." };

        var command = new Command(
            "bench-store",
            "Benchmark the embedded store: generate a Korean/English corpus, ingest it (no embeddings), time keyword search, then dense search over synthetic vectors. Writes to a temp folder; needs ~1 GB of disk at default sizes.")
        {
            chunks, dimensions, queries, skipDense, json, keep,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new BenchStoreSettings(
                Validate("--chunks", parse.GetValue(chunks), 1, 10_000_000),
                Validate("--dimensions", parse.GetValue(dimensions), 2, 8192),
                Validate("--queries", parse.GetValue(queries), 1, 100_000),
                parse.GetValue(skipDense));
            var asJson = parse.GetValue(json);
            var keepData = parse.GetValue(keep);
            var workDirectory = Path.Combine(Path.GetTempPath(), "assistant-bench-" + Guid.NewGuid().ToString("N")[..12]);

            BenchStoreReport report;
            try
            {
                report = await RunAsync(parse, settings, workDirectory, ct);
            }
            finally
            {
                if (keepData) Console.Error.WriteLine($"[bench-store] kept {workDirectory}");
                else Delete(workDirectory);
            }

            if (asJson) Json.Write(Json.BenchStore(report, keepData ? workDirectory : null));
            else PrintSummary(report, keepData ? workDirectory : null);
            return CliRunner.Success;
        });
        return command;
    }

    private static async Task<BenchStoreReport> RunAsync(ParseResult parse, BenchStoreSettings settings, string workDirectory, CancellationToken cancellationToken)
    {
        // The user's Chunking, Ingestion and Retrieval settings apply; the index goes to the temp folder, always the
        // embedded store, and no embedding model is loaded: this measures ingestion without embeddings.
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(CliHost.BuildConfiguration(parse))
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DataDirectory"] = Path.Combine(workDirectory, "keyword"),
                ["VectorStore"] = nameof(VectorStoreKind.Embedded),
                ["Models:DefaultEmbedding"] = string.Empty,
            })
            .Build();
        using var services = CliHost.BuildServices(configuration);
        var store = services.GetRequiredService<IKnowledgeStore>() as SqliteKnowledgeStore
            ?? throw new InvalidOperationException("bench-store measures the embedded SQLite store, but another store was configured.");
        var benchmark = new StoreBenchmark(
            settings,
            services.GetRequiredService<IngestionPipeline>(),
            store,
            services.GetRequiredService<StructureAwareChunker>(),
            services.GetRequiredService<IOptions<ChunkingOptions>>().Value,
            services.GetRequiredService<IOptions<RetrievalOptions>>().Value,
            Console.Error);
        return await benchmark.RunAsync(workDirectory, cancellationToken);
    }

    private static int Validate(string option, int value, int min, int max) =>
        value >= min && value <= max ? value : throw new UsageException($"{option} must be between {min:N0} and {max:N0} (got {value})");

    private static void Delete(string workDirectory)
    {
        // Pooled connections keep the database files open.
        SqliteConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(workDirectory)) Directory.Delete(workDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"[bench-store] could not delete {workDirectory}: {ex.Message}");
        }
    }

    private static void PrintSummary(BenchStoreReport report, string? keptDirectory)
    {
        static string Mark(bool ok) => ok ? "[green]yes[/]" : "[red]no[/]";
        var load = $"load average {Format(report.LoadAverageAtStart)} at start, {Format(report.LoadAverageAtEnd)} at end; {Environment.ProcessorCount} cores";
        var table = new Table().Border(TableBorder.Rounded).Title($"Embedded store benchmark ({load})");
        table.AddColumn("measurement");
        table.AddColumn(new TableColumn("result").RightAligned());
        table.AddColumn(new TableColumn("target").RightAligned());
        table.AddColumn("met");

        var corpus = report.Corpus;
        table.AddRow("corpus", Markup.Escape($"{corpus.Files:N0} files ({corpus.MarkdownFiles:N0} md, {corpus.TextFiles:N0} txt), {corpus.Bytes / 1e6:F1} MB, {corpus.Chunks:N0} chunks"), string.Empty, string.Empty);
        var ingestion = report.Ingestion;
        table.AddRow(
            "ingestion, no embeddings",
            Markup.Escape($"{ingestion.MegabytesPerSecond:F2} MB/s ({ingestion.Bytes / 1e6:F1} MB, {ingestion.Chunks:N0} chunks, {ingestion.Elapsed.TotalSeconds:F1} s)"),
            $"≥ {BenchTargets.IngestionMegabytesPerSecond} MB/s",
            Mark(ingestion.MegabytesPerSecond >= BenchTargets.IngestionMegabytesPerSecond));
        var keyword = report.Keyword;
        table.AddRow(
            $"keyword search, {keyword.Chunks:N0} chunks, top {keyword.Top}",
            Markup.Escape($"p50 {keyword.Latency.P50Ms:F2} / p95 {keyword.Latency.P95Ms:F2} / mean {keyword.Latency.MeanMs:F2} ms"),
            $"p50 ≤ {BenchTargets.KeywordP50Ms} ms",
            Mark(keyword.Latency.P50Ms <= BenchTargets.KeywordP50Ms));
        table.AddRow("  FTS5 ranking every query", Markup.Escape($"p50 {keyword.Fts5Latency.P50Ms:F2} / p95 {keyword.Fts5Latency.P95Ms:F2} / mean {keyword.Fts5Latency.MeanMs:F2} ms"), string.Empty, string.Empty);
        table.AddRow("  in-memory keyword index", Markup.Escape(keyword.MemoryIndex.Refusal is { } refusal
            ? $"none: {refusal}"
            : $"{keyword.MemoryIndex.Rows:N0} rows, ~{keyword.MemoryIndex.EstimatedBytes / 1e6:F0} MB, read in {keyword.MemoryIndex.Seconds:F1} s"), string.Empty, string.Empty);
        table.AddRow("  rows matched per query", Markup.Escape($"mean {keyword.MeanMatchingChunks:N0}, median {keyword.MedianMatchingChunks:N0}"), string.Empty, string.Empty);

        if (report.Dense is { } dense)
        {
            table.AddRow(
                Markup.Escape($"dense exact, {dense.Chunks:N0} × {dense.Dimensions}"),
                Markup.Escape($"p50 {dense.Exact.Latency.P50Ms:F2} / p95 {dense.Exact.Latency.P95Ms:F2} / mean {dense.Exact.Latency.MeanMs:F2} ms"),
                $"p50 ≤ {BenchTargets.DenseExactP50Ms} ms",
                Mark(dense.Exact.Latency.P50Ms <= BenchTargets.DenseExactP50Ms));
            table.AddRow(
                Markup.Escape($"dense int8 + {dense.RescorePrecision} rescore ×{dense.RescoreFactor}"),
                Markup.Escape($"p50 {dense.Int8.Latency.P50Ms:F2} / p95 {dense.Int8.Latency.P95Ms:F2} ms, recall@{dense.Top} {dense.Int8.RecallAt10:F4}"),
                $"p50 ≤ {BenchTargets.DenseInt8P50Ms} ms, recall ≥ {BenchTargets.DenseInt8RecallAt10}",
                Mark(dense.Int8.Latency.P50Ms <= BenchTargets.DenseInt8P50Ms && dense.Int8.RecallAt10 >= BenchTargets.DenseInt8RecallAt10));
            foreach (var mode in new[] { dense.Exact, dense.Int8 })
            {
                table.AddRow(
                    Markup.Escape($"  memory, {mode.Label} index loaded"),
                    Markup.Escape($"working set {mode.AfterLoad.WorkingSetBytes / 1e6:F0} MB (before {mode.BeforeLoad.WorkingSetBytes / 1e6:F0}), private {mode.AfterLoad.PrivateBytes / 1e6:F0} MB, GC heap {mode.AfterLoad.GcHeapBytes / 1e6:F0} MB"),
                    string.Empty,
                    string.Empty);
            }
        }

        AnsiConsole.Write(table);
        if (report.Dense is not null) AnsiConsole.MarkupLine("[grey]Dense vectors are synthetic (clustered, written with UpsertDocumentAsync): no embedding model runs in this benchmark.[/]");
        if (keptDirectory is not null) AnsiConsole.MarkupLine($"Data kept in [blue]{Markup.Escape(keptDirectory)}[/]");
    }

    private static string Format(double? load) => load is { } l ? l.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}
