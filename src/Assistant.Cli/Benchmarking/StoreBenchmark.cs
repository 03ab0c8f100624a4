using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Assistant.Core.Documents;
using Assistant.Core.Ingestion;
using Assistant.Core.Ingestion.Chunking;
using Assistant.Core.Retrieval;
using Assistant.Core.Retrieval.Dense;
using Assistant.Core.Storage;
using Assistant.Core.Storage.Sqlite;
using Assistant.Core.Text;
using Microsoft.Data.Sqlite;

namespace Assistant.Cli.Benchmarking;

internal sealed record BenchStoreSettings(int Chunks, int Dimensions, int Queries, bool SkipDense, int Seed = BenchStoreSettings.DefaultSeed)
{
    public const int DefaultSeed = 20_240_611;

    /// <summary>Queries run before timing starts (JIT, SQLite page cache, the dense index load).</summary>
    public int WarmupQueries => Math.Min(20, Queries);
}

/// <param name="CpuTime">Process CPU time spent during ingestion: with other work on the machine, wall time alone misleads.</param>
internal sealed record IngestionResult(int Files, int Added, int Skipped, int Failed, int Chunks, long Bytes, TimeSpan Elapsed, TimeSpan CpuTime)
{
    public double MegabytesPerSecond => Bytes / 1e6 / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <param name="Latency">As the store searches: ranked from the in-memory copy of the keyword index when it holds one.</param>
/// <param name="Fts5Latency">FTS5 ranking every query (Retrieval:KeywordMemoryIndexMaxChunks 0), same queries.</param>
/// <param name="MemoryIndex">The copy: rows, approximate bytes and seconds to read it, or why none was made.</param>
internal sealed record KeywordResult(int Chunks, int Top, int WarmupQueries, LatencySummary Latency, LatencySummary Fts5Latency, KeywordCopyReport MemoryIndex, double MeanHits, double MeanMatchingChunks, double MedianMatchingChunks);

/// <param name="LoadTime">The first query of a fresh store: reads every vector from SQLite into the in-memory index, then searches.</param>
/// <param name="RecallAt10">Int8 only: share of the exact top-10 that the int8 search also returns.</param>
internal sealed record DenseModeResult(DenseQuantization Quantization, TimeSpan LoadTime, LatencySummary Latency, MemorySnapshot BeforeLoad, MemorySnapshot AfterLoad, double? RecallAt10)
{
    /// <summary>What a reader calls the mode ("exact", not the enum's "None").</summary>
    public string Label => LabelOf(Quantization);

    public static string LabelOf(DenseQuantization quantization) => quantization switch
    {
        DenseQuantization.None => "exact float32",
        DenseQuantization.Int8 => "int8",
        _ => quantization.ToString().ToLowerInvariant(),
    };
}

internal sealed record DenseResult(int Chunks, int Dimensions, int Top, TimeSpan WriteTime, long DatabaseBytes, int RescoreFactor, RescorePrecision RescorePrecision, DenseModeResult Exact, DenseModeResult Int8);

internal sealed record BenchStoreReport(
    BenchStoreSettings Settings,
    double? LoadAverageAtStart,
    double? LoadAverageAtEnd,
    BenchCorpusSummary Corpus,
    IngestionResult Ingestion,
    KeywordResult Keyword,
    DenseResult? Dense,
    TimeSpan Elapsed);

/// <summary>
/// The macro benchmark behind `assistant bench-store`: generate a corpus, ingest it with the real pipeline into the
/// embedded store (no embedding model), time BM25 keyword search over it, then time dense search through the store
/// over synthetic clustered vectors written with <c>UpsertDocumentAsync</c> (no embedding model runs here).
/// </summary>
internal sealed class StoreBenchmark(
    BenchStoreSettings settings,
    IngestionPipeline pipeline,
    SqliteKnowledgeStore keywordStore,
    StructureAwareChunker chunker,
    ChunkingOptions chunking,
    RetrievalOptions retrieval,
    TextWriter log)
{
    private const int KeywordTop = 10;
    private const int DenseTop = 10;
    private const int DenseChunksPerDocument = 100;

    public async Task<BenchStoreReport> RunAsync(string workDirectory, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var loadAtStart = MachineLoad.OneMinute();
        var names = new ProseNames(settings.Seed);

        Log($"generating a corpus of {settings.Chunks:N0} chunks (seed {settings.Seed}) …");
        var corpus = await new BenchCorpus(chunker, chunking, new MixedProseGenerator(settings.Seed, names))
            .WriteAsync(Path.Combine(workDirectory, "corpus"), settings.Chunks, (done, all) => Log($"  generated {done:N0}/{all:N0} chunks"), cancellationToken);
        Log($"corpus: {corpus.Files:N0} files ({corpus.MarkdownFiles:N0} .md, {corpus.TextFiles:N0} .txt), {corpus.Bytes / 1e6:F1} MB, {corpus.Chunks:N0} chunks, {corpus.Elapsed.TotalSeconds:F1} s");

        var ingestion = await IngestAsync(corpus, cancellationToken);
        var queries = Queries(settings.Seed + 1);
        var keyword = await KeywordAsync(queries, cancellationToken);
        var dense = settings.SkipDense ? null : await DenseAsync(Path.Combine(workDirectory, "dense", "assistant.db"), cancellationToken);

        return new BenchStoreReport(settings, loadAtStart, MachineLoad.OneMinute(), corpus, ingestion, keyword, dense, total.Elapsed);
    }

    private async Task<IngestionResult> IngestAsync(BenchCorpusSummary corpus, CancellationToken cancellationToken)
    {
        Log($"ingesting {corpus.Files:N0} files into {keywordStore.DatabasePath} (no embeddings) …");
        var progress = new ThrottledIngestProgress(this, corpus.Bytes);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var report = await pipeline.IngestAsync(new IngestRequest([corpus.Folder]), progress, cancellationToken);
        stopwatch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        var result = new IngestionResult(
            report.Files.Count,
            report.Count(IngestOutcome.Added),
            report.Count(IngestOutcome.Skipped),
            report.Count(IngestOutcome.Failed),
            report.Chunks,
            report.Files.Sum(f => f.Bytes),
            stopwatch.Elapsed,
            cpu);
        Log($"ingested: {result.Added:N0} added, {result.Skipped:N0} skipped, {result.Failed:N0} failed, {result.Chunks:N0} chunks, {result.Bytes / 1e6:F1} MB in {result.Elapsed.TotalSeconds:F1} s = {result.MegabytesPerSecond:F2} MB/s (CPU {result.CpuTime.TotalSeconds:F1} s)");
        foreach (var problem in report.Files.Where(f => f.Outcome is IngestOutcome.Failed or IngestOutcome.Skipped).Take(5))
        {
            Log($"  {problem.Outcome.ToString().ToLowerInvariant()} {problem.Path}: {problem.Reason}");
        }

        return result;
    }

    private async Task<KeywordResult> KeywordAsync(IReadOnlyList<string> queries, CancellationToken cancellationToken)
    {
        var chunks = (await keywordStore.GetStatsAsync(cancellationToken)).Chunks;
        var timed = queries.Skip(settings.WarmupQueries).ToList();
        Log($"keyword search: {settings.WarmupQueries} warm-up + {settings.Queries} timed queries over {chunks:N0} chunks, FTS5 ranking first …");
        LatencySummary fts5;
        using (var ftsOnly = new SqliteKnowledgeStore(keywordStore.DatabasePath, new RetrievalOptions { KeywordMemoryIndexMaxChunks = 0 }))
        {
            (fts5, _) = await TimeKeywordAsync(ftsOnly, queries, timed, cancellationToken);
        }

        var copy = await keywordStore.LoadKeywordCopyAsync(cancellationToken);
        Log(copy.Refusal is null
            ? $"in-memory keyword index: {copy.Rows:N0} rows, ~{copy.EstimatedBytes / 1e6:F1} MB, read in {copy.Seconds:F2} s"
            : $"no in-memory keyword index: {copy.Refusal}");
        var (latency, hits) = await TimeKeywordAsync(keywordStore, queries, timed, cancellationToken);

        var matching = await CountMatchesAsync(timed, cancellationToken);
        var result = new KeywordResult(chunks, KeywordTop, settings.WarmupQueries, latency, fts5, copy, (double)hits / timed.Count, matching.Average(), Median(matching));
        Log($"keyword search: p50 {result.Latency.P50Ms:F2} ms, p95 {result.Latency.P95Ms:F2} ms, mean {result.Latency.MeanMs:F2} ms (FTS5 ranking: p50 {fts5.P50Ms:F2} ms, p95 {fts5.P95Ms:F2} ms); a query matches {result.MeanMatchingChunks:N0} chunks on average");
        return result;
    }

    private async Task<(LatencySummary Latency, int Hits)> TimeKeywordAsync(SqliteKnowledgeStore store, IReadOnlyList<string> queries, IReadOnlyList<string> timed, CancellationToken cancellationToken)
    {
        foreach (var query in queries.Take(settings.WarmupQueries)) await KeywordSearchAsync(store, query, cancellationToken);
        var latencies = new List<double>(timed.Count);
        var hits = 0;
        foreach (var query in timed)
        {
            var stopwatch = Stopwatch.StartNew();
            var found = await KeywordSearchAsync(store, query, cancellationToken);
            latencies.Add(stopwatch.Elapsed.TotalMilliseconds);
            hits += found.Count;
        }

        return (LatencySummary.From(latencies), hits);
    }

    private static Task<IReadOnlyList<SearchHit>> KeywordSearchAsync(SqliteKnowledgeStore store, string query, CancellationToken cancellationToken) =>
        store.SearchAsync(new SearchQuery(query, KeywordTop, SearchMode.Keyword), cancellationToken);

    /// <summary>How many chunks each query's terms match (the rows BM25 has to score): says whether the queries were easy.</summary>
    private async Task<List<double>> CountMatchesAsync(IReadOnlyList<string> queries, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = keywordStore.DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The same OR-of-quoted-terms expression the store's keyword leg matches with.
        command.CommandText = "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH $match";
        var match = command.Parameters.Add("$match", SqliteType.Text);
        var counts = new List<double>(queries.Count);
        foreach (var query in queries)
        {
            var terms = TextAnalyzer.QueryTerms(query);
            if (terms.Count == 0)
            {
                counts.Add(0);
                continue;
            }

            match.Value = string.Join(" OR ", terms.Select(t => "\"" + t.Replace("\"", "\"\"") + "\""));
            counts.Add(Convert.ToDouble(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture));
        }

        return counts;
    }

    private async Task<DenseResult> DenseAsync(string databasePath, CancellationToken cancellationToken)
    {
        var writeTime = await WriteVectorsAsync(databasePath, cancellationToken);
        var queries = new ClusteredVectors(settings.Dimensions, sampleSeed: 2);
        var queryVectors = Enumerable.Range(0, settings.WarmupQueries + settings.Queries).Select(_ => queries.Next()).ToArray();

        var (exact, truth) = await DenseModeAsync(databasePath, DenseQuantization.None, queryVectors, null, cancellationToken);
        var (int8, _) = await DenseModeAsync(databasePath, DenseQuantization.Int8, queryVectors, truth, cancellationToken);
        return new DenseResult(settings.Chunks, settings.Dimensions, DenseTop, writeTime, new FileInfo(databasePath).Length, retrieval.RescoreFactor, retrieval.RescorePrecision, exact, int8);
    }

    /// <summary>
    /// Synthetic clustered vectors (no embedding model runs here), written through the store's own
    /// <c>UpsertDocumentAsync</c> in documents of 100 chunks, each chunk with one sentence of text.
    /// </summary>
    private async Task<TimeSpan> WriteVectorsAsync(string databasePath, CancellationToken cancellationToken)
    {
        Log($"dense: writing {settings.Chunks:N0} synthetic clustered {settings.Dimensions}-dimensional vectors into {databasePath} …");
        var stopwatch = Stopwatch.StartNew();
        var vectors = new ClusteredVectors(settings.Dimensions, sampleSeed: 1);
        var prose = new MixedProseGenerator(settings.Seed + 2, new ProseNames(settings.Seed));
        using var store = new SqliteKnowledgeStore(databasePath, retrieval);
        // As ingestion does before its first vector: the index records which model its vectors come from.
        await store.SetEmbeddingSpaceAsync(new EmbeddingSpace("bench/synthetic-clustered", settings.Dimensions), cancellationToken);
        var lastLog = Stopwatch.StartNew();
        for (var written = 0; written < settings.Chunks;)
        {
            var count = Math.Min(DenseChunksPerDocument, settings.Chunks - written);
            var documentId = $"dense-{written / DenseChunksPerDocument:D6}";
            var chunks = new List<Chunk>(count);
            var embeddings = new List<ReadOnlyMemory<float>>(count);
            for (var i = 0; i < count; i++)
            {
                var text = prose.Sentence();
                chunks.Add(new Chunk(documentId, i, text, [], null, 0, text.Length, O200kTokenCounter.Instance.Count(text)));
                embeddings.Add(vectors.Next());
            }

            var record = new DocumentRecord(
                documentId,
                $"/bench/dense/{documentId}.txt",
                "txt",
                Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(documentId))),
                null,
                count,
                0,
                DateTimeOffset.UtcNow,
                []);
            await store.UpsertDocumentAsync(record, chunks, embeddings, cancellationToken);
            written += count;
            if (lastLog.Elapsed.TotalSeconds >= 5)
            {
                Log($"  wrote {written:N0}/{settings.Chunks:N0} vectors");
                lastLog.Restart();
            }
        }

        Log($"dense: wrote {settings.Chunks:N0} vectors in {stopwatch.Elapsed.TotalSeconds:F1} s");
        return stopwatch.Elapsed;
    }

    private async Task<(DenseModeResult Result, List<HashSet<(string, int)>> TopKeys)> DenseModeAsync(
        string databasePath, DenseQuantization quantization, float[][] queryVectors, List<HashSet<(string, int)>>? truth, CancellationToken cancellationToken)
    {
        var options = new RetrievalOptions
        {
            RrfK = retrieval.RrfK,
            KeywordWeight = retrieval.KeywordWeight,
            DenseWeight = retrieval.DenseWeight,
            CandidatesPerLeg = retrieval.CandidatesPerLeg,
            DenseQuantization = quantization,
            RescoreFactor = retrieval.RescoreFactor,
            RescorePrecision = retrieval.RescorePrecision,
        };

        // A fresh store per mode: the index is built on its first dense query and dropped with the store.
        var before = MemorySnapshot.Take();
        using var store = new SqliteKnowledgeStore(databasePath, options);
        Task<IReadOnlyList<SearchHit>> Search(float[] vector) =>
            store.SearchAsync(new SearchQuery(string.Empty, DenseTop, SearchMode.Dense, null, vector), cancellationToken);

        Log($"dense {DenseModeResult.LabelOf(quantization)}: loading the index …");
        var load = Stopwatch.StartNew();
        await Search(queryVectors[0]);
        load.Stop();
        var after = MemorySnapshot.Take();
        Log($"dense {DenseModeResult.LabelOf(quantization)}: loaded in {load.Elapsed.TotalSeconds:F2} s; working set {after.WorkingSetBytes / 1e6:F0} MB, private {after.PrivateBytes / 1e6:F0} MB, GC heap {after.GcHeapBytes / 1e6:F0} MB");

        foreach (var vector in queryVectors.Take(settings.WarmupQueries)) await Search(vector);
        var latencies = new List<double>(settings.Queries);
        var keys = new List<HashSet<(string, int)>>(settings.Queries);
        foreach (var vector in queryVectors.Skip(settings.WarmupQueries))
        {
            var stopwatch = Stopwatch.StartNew();
            var hits = await Search(vector);
            latencies.Add(stopwatch.Elapsed.TotalMilliseconds);
            keys.Add(hits.Select(h => (h.DocumentId, h.ChunkIndex)).ToHashSet());
        }

        double? recall = null;
        if (truth is not null)
        {
            var expected = truth.Sum(t => t.Count);
            recall = expected == 0 ? 1.0 : (double)keys.Zip(truth).Sum(pair => pair.First.Count(pair.Second.Contains)) / expected;
        }

        var result = new DenseModeResult(quantization, load.Elapsed, LatencySummary.From(latencies), before, after, recall);
        var recallNote = recall is { } r ? $", recall@{DenseTop} {r:F4}" : string.Empty;
        Log($"dense {DenseModeResult.LabelOf(quantization)}: p50 {result.Latency.P50Ms:F2} ms, p95 {result.Latency.P95Ms:F2} ms, mean {result.Latency.MeanMs:F2} ms{recallNote}");
        return (result, keys);
    }

    private List<string> Queries(int seed)
    {
        var generator = new MixedProseGenerator(seed, new ProseNames(settings.Seed));
        return Enumerable.Range(0, settings.WarmupQueries + settings.Queries).Select(_ => generator.Query()).ToList();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private void Log(string line) => log.WriteLine($"[bench-store] {line}");

    /// <summary>One progress line every few seconds: thousands of per-file lines would drown the figures.</summary>
    private sealed class ThrottledIngestProgress(StoreBenchmark owner, long totalBytes) : IIngestProgress
    {
        private readonly Stopwatch _sinceStart = Stopwatch.StartNew();
        private TimeSpan _lastLine;
        private int _total;
        private int _done;
        private int _chunks;
        private long _bytes;

        public void Started(int totalFiles) => _total = totalFiles;

        public void FileStarted(string path)
        {
        }

        public void FileCompleted(IngestFileResult result)
        {
            _done++;
            _chunks += result.Chunks;
            _bytes += result.Bytes;
            if (_sinceStart.Elapsed - _lastLine < TimeSpan.FromSeconds(5) && _done < _total) return;
            _lastLine = _sinceStart.Elapsed;
            owner.Log($"  ingested {_done:N0}/{_total:N0} files, {_chunks:N0} chunks, {_bytes / 1e6:F1}/{totalBytes / 1e6:F1} MB, {_sinceStart.Elapsed.TotalSeconds:F0} s");
        }
    }
}
