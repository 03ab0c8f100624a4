using System.Diagnostics;
using Assistant.Core.Ingestion;
using Assistant.Core.Ingestion.Chunking;
using Assistant.Core.KnowledgeBases;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage;
using Assistant.Core.Storage.Sqlite;
using Assistant.Server;
using Assistant.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Assistant.Cli.Benchmarking;

internal sealed record BenchServerSettings(int Chunks, int Requests, IReadOnlyList<int> Concurrency, int Conversations, int Seed = BenchStoreSettings.DefaultSeed)
{
    /// <summary>Untimed messages before the first level (tiered JIT, connection and thread pools, SQLite caches): under load the JIT takes long to settle.</summary>
    public int WarmupRequests => Math.Clamp(Requests / 2, 10, 1000);

    /// <summary>Clients of the memory run: enough to be quick, few enough not to measure queueing.</summary>
    public int MemoryConcurrency => Math.Min(16, Concurrency.Max());
}

internal sealed record ServerCorpus(int Files, long Bytes, int Chunks, double IngestSeconds);

/// <summary>Keyword search alone (what one retrieval of the server costs), sequential, same questions, same top, same knowledge-base scope.</summary>
/// <param name="Latency">With the in-memory copy of the keyword index, as the server searches.</param>
/// <param name="Fts5Latency">FTS5 ranking every query (Retrieval:KeywordMemoryIndexMaxChunks 0), for comparison.</param>
/// <param name="MemoryIndex">The copy: rows, approximate bytes, seconds to read it; or why none was made.</param>
internal sealed record RetrievalTiming(string Mode, int Top, ServerLatency Latency, ServerLatency Fts5Latency, KeywordCopyReport MemoryIndex);

/// <param name="Latency">Client-observed time of each message (POST … /messages to the whole JSON reply read).</param>
/// <param name="Model">The instant model's own time per message, all its calls together.</param>
/// <param name="Added">Per message, client-observed time minus the model's own time.</param>
/// <param name="CpuMsPerRequest">This process's CPU time over the level per message (server, model and clients together): steadier than wall time on a shared machine.</param>
internal sealed record LoadLevel(
    int Concurrency, int Requests, int Errors, double Seconds, double RequestsPerSecond, double FoundShare, double ModelCallsPerRequest,
    ServerLatency Latency, ServerLatency Model, ServerLatency Added, double CpuMsPerRequest);

internal sealed record MemorySample(int Conversations, long WorkingSetBytes, long GcHeapBytes);

/// <param name="GcHeapGrowthBytesPerConversation">GC heap after a full collection, last sample minus first, over the conversations between.</param>
/// <param name="Flat">Growth under <see cref="ServerBenchmark.FlatBytesPerConversation"/> per conversation.</param>
internal sealed record MemoryRun(int Conversations, int Concurrency, int Errors, double Seconds, IReadOnlyList<MemorySample> Samples, double GcHeapGrowthBytesPerConversation, bool Flat);

internal sealed record BenchServerReport(
    BenchServerSettings Settings,
    string Hosting,
    int Cores,
    double? LoadAverageAtStart,
    double? LoadAverageAtEnd,
    ServerCorpus Corpus,
    RetrievalTiming Retrieval,
    IReadOnlyList<LoadLevel> Levels,
    MemoryRun? Memory,
    double AddedP50TargetMs,
    double Seconds);

/// <summary>
/// The load benchmark of issue 12 behind `assistant bench-server`: a generated knowledge base ingested with the real
/// pipeline (keyword only, no embedding model), the instant model (<see cref="InstantModel"/>) as the default chat
/// profile, and the real server (<see cref="ServerApp.Build"/>) on loopback in this process; then message load at each
/// concurrency and a memory run of many one-message conversations. In-process: the clients, the model and the server
/// share this process and its two cores, so the figures are a ceiling on what the server alone would reach.
/// </summary>
internal sealed class ServerBenchmark(BenchServerSettings settings, IConfiguration userConfiguration, TextWriter progress)
{
    public const double AddedP50TargetMs = 5;
    public const double FlatBytesPerConversation = 1024;
    private const int Top = 5;
    private const string KeyName = "bench";

    public async Task<BenchServerReport> RunAsync(string workDirectory, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var loadAtStart = MachineLoad.OneMinute();
        var dataDirectory = Path.Combine(workDirectory, "data");
        var questions = Questions();
        var (corpus, retrieval) = await BuildKnowledgeBaseAsync(workDirectory, dataDirectory, questions, cancellationToken);

        await using var model = await InstantModel.StartAsync(cancellationToken);
        var secret = "bench-" + Guid.NewGuid().ToString("N");
        await using var server = ServerApp.Build([], ServerConfiguration(dataDirectory, model.Endpoint, secret), "http://127.0.0.1:0");
        await server.StartAsync(cancellationToken);
        var address = new Uri(server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        Log($"server on {address} (in this process), instant model on {model.Endpoint}");

        using var http = ServerLoad.Client(address, secret);
        var load = new ServerLoad(http, questions, Log);
        Log($"warm-up: {settings.WarmupRequests} messages");
        await load.MessagesAsync(settings.WarmupRequests, settings.Concurrency.Max(), cancellationToken);
        if (load.Errors > 0) Log($"warm-up had {load.Errors} error(s)");

        var levels = new List<LoadLevel>();
        foreach (var concurrency in settings.Concurrency)
        {
            levels.Add(await LevelAsync(load, model, concurrency, cancellationToken));
        }

        var memory = settings.Conversations > 0 ? await MemoryAsync(load, cancellationToken) : null;
        await server.StopAsync(cancellationToken);
        return new BenchServerReport(settings, "in-process", Environment.ProcessorCount, loadAtStart, MachineLoad.OneMinute(), corpus, retrieval, levels, memory, AddedP50TargetMs, Math.Round(total.Elapsed.TotalSeconds, 1));
    }

    private async Task<LoadLevel> LevelAsync(ServerLoad load, InstantModel model, int concurrency, CancellationToken cancellationToken)
    {
        Log($"{concurrency} client(s): {settings.Requests} messages …");
        model.Forget();
        var errorsBefore = load.Errors;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var (messages, elapsed) = await load.MessagesAsync(settings.Requests, concurrency, cancellationToken);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var ok = messages.Where(m => m.Ok).ToList();
        var times = ok.Select(m => model.TimeOf(m.Id)).ToList();
        var level = new LoadLevel(
            concurrency,
            messages.Count,
            load.Errors - errorsBefore,
            Math.Round(elapsed.TotalSeconds, 3),
            Math.Round(ok.Count / elapsed.TotalSeconds, 1),
            ok.Count == 0 ? 0 : Math.Round((double)ok.Count(m => m.Found) / ok.Count, 3),
            ok.Count == 0 ? 0 : Math.Round(times.Average(t => t?.Calls ?? 0), 2),
            ServerLatency.From([.. ok.Select(m => m.Milliseconds)]),
            ServerLatency.From([.. times.Select(t => t?.Milliseconds ?? 0)]),
            ServerLatency.From([.. ok.Zip(times, (m, t) => m.Milliseconds - (t?.Milliseconds ?? 0))]),
            Math.Round(cpu.TotalMilliseconds / Math.Max(1, messages.Count), 2));
        Log($"{concurrency} client(s): {level.RequestsPerSecond:F1} req/s, p50 {level.Latency.P50Ms:F2} / p99 {level.Latency.P99Ms:F2} ms, added p50 {level.Added.P50Ms:F2} ms, model p50 {level.Model.P50Ms:F3} ms, CPU {level.CpuMsPerRequest:F1} ms/message, {level.Errors} error(s)");
        return level;
    }

    /// <summary>Conversations of one message each; the process's memory after a full collection at every quarter.</summary>
    private async Task<MemoryRun> MemoryAsync(ServerLoad load, CancellationToken cancellationToken)
    {
        var errorsBefore = load.Errors;
        var samples = new List<MemorySample> { Sample(0) };
        var watch = Stopwatch.StartNew();
        var done = 0;
        for (var quarter = 1; quarter <= 4; quarter++)
        {
            var target = (int)((long)settings.Conversations * quarter / 4);
            await load.ConversationsAsync(target - done, settings.MemoryConcurrency, cancellationToken);
            done = target;
            samples.Add(Sample(done));
            Log($"memory: {done:N0} conversations, working set {samples[^1].WorkingSetBytes / 1e6:F1} MB, GC heap {samples[^1].GcHeapBytes / 1e6:F1} MB");
        }

        var growth = (double)(samples[^1].GcHeapBytes - samples[0].GcHeapBytes) / Math.Max(1, settings.Conversations);
        return new MemoryRun(settings.Conversations, settings.MemoryConcurrency, load.Errors - errorsBefore, Math.Round(watch.Elapsed.TotalSeconds, 1), samples, Math.Round(growth, 1), growth < FlatBytesPerConversation);
    }

    private static MemorySample Sample(int conversations)
    {
        var snapshot = MemorySnapshot.Take();
        return new MemorySample(conversations, snapshot.WorkingSetBytes, snapshot.GcHeapBytes);
    }

    /// <summary>Generates and ingests the corpus with the user's Chunking/Ingestion settings into a fresh embedded index, then times keyword search alone.</summary>
    private async Task<(ServerCorpus, RetrievalTiming)> BuildKnowledgeBaseAsync(string workDirectory, string dataDirectory, IReadOnlyList<string> questions, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(userConfiguration)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DataDirectory"] = dataDirectory,
                ["VectorStore"] = nameof(VectorStoreKind.Embedded),
                ["Models:DefaultEmbedding"] = string.Empty,
            })
            .Build();
        using var services = CliHost.BuildServices(configuration);
        Log($"generating a corpus of {settings.Chunks:N0} chunks (seed {settings.Seed}) …");
        var written = await new BenchCorpus(
                services.GetRequiredService<StructureAwareChunker>(),
                services.GetRequiredService<IOptions<ChunkingOptions>>().Value,
                new MixedProseGenerator(settings.Seed, new ProseNames(settings.Seed)))
            .WriteAsync(Path.Combine(workDirectory, "corpus"), settings.Chunks, null, cancellationToken);

        Log($"ingesting {written.Files:N0} files ({written.Bytes / 1e6:F1} MB) …");
        var watch = Stopwatch.StartNew();
        var report = await services.GetRequiredService<IngestionPipeline>().IngestAsync(new IngestRequest([written.Folder]), null, cancellationToken);
        var corpus = new ServerCorpus(report.Files.Count, written.Bytes, report.Chunks, Math.Round(watch.Elapsed.TotalSeconds, 2));
        Log($"ingested {corpus.Chunks:N0} chunks in {corpus.IngestSeconds:F1} s");

        // Scoped to the default knowledge base as the server's searches are (the filtered query). FTS5 first, from a
        // store that never reads a copy, then the server's way, from the copy.
        var scope = SearchFilter.None with { KnowledgeBase = KnowledgeBaseNames.Default };
        var store = (SqliteKnowledgeStore)services.GetRequiredService<IKnowledgeStore>();
        ServerLatency fts5;
        using (var ftsOnly = new SqliteKnowledgeStore(store.DatabasePath, new RetrievalOptions { KeywordMemoryIndexMaxChunks = 0 }))
        {
            fts5 = await TimeSearchesAsync(new KnowledgeRetriever(ftsOnly), questions, scope, cancellationToken);
        }

        var copy = await store.LoadKeywordCopyAsync(cancellationToken);
        Log(copy.Refusal is null
            ? $"in-memory keyword index: {copy.Rows:N0} rows, ~{copy.EstimatedBytes / 1e6:F1} MB, read in {copy.Seconds:F2} s"
            : $"no in-memory keyword index: {copy.Refusal}");
        var latency = await TimeSearchesAsync(services.GetRequiredService<KnowledgeRetriever>(), questions, scope, cancellationToken);
        var retrieval = new RetrievalTiming("keyword", Top, latency, fts5, copy);
        Log($"keyword search alone: p50 {retrieval.Latency.P50Ms:F2} ms, p99 {retrieval.Latency.P99Ms:F2} ms (FTS5 ranking: p50 {fts5.P50Ms:F2} ms, p99 {fts5.P99Ms:F2} ms)");
        SqliteConnection.ClearAllPools();
        return (corpus, retrieval);
    }

    private static async Task<ServerLatency> TimeSearchesAsync(KnowledgeRetriever retriever, IReadOnlyList<string> questions, SearchFilter scope, CancellationToken cancellationToken)
    {
        var count = Math.Min(questions.Count, 500);
        foreach (var question in questions.Take(20)) await retriever.SearchAsync(question, Top, SearchMode.Keyword, scope, cancellationToken);
        var latencies = new List<double>(count);
        foreach (var question in questions.Take(count))
        {
            var stopwatch = Stopwatch.StartNew();
            await retriever.SearchAsync(question, Top, SearchMode.Keyword, scope, cancellationToken);
            latencies.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        return ServerLatency.From(latencies);
    }

    /// <summary>
    /// The user's settings, then: the benchmark's data folder, the instant model as the only default (no embeddings),
    /// one client key, a rate limit that never bites, and logs (warnings only) on stderr so --json stays clean.
    /// </summary>
    private IConfiguration ServerConfiguration(string dataDirectory, Uri modelEndpoint, string secret) =>
        new ConfigurationBuilder()
            .AddConfiguration(userConfiguration)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DataDirectory"] = dataDirectory,
                ["VectorStore"] = nameof(VectorStoreKind.Embedded),
                ["Models:DefaultChat"] = InstantModel.ModelName,
                ["Models:DefaultEmbedding"] = string.Empty,
                ["Models:Profiles:instant:Provider"] = "openai-compatible",
                ["Models:Profiles:instant:Model"] = InstantModel.ModelName,
                ["Models:Profiles:instant:Endpoint"] = modelEndpoint.ToString(),
                ["Models:Profiles:instant:ContextWindow"] = "8192",
                ["Models:Profiles:instant:MaxRetries"] = "0",
                [$"Server:ApiKeys:{KeyName}:Sha256"] = ApiKeyHasher.HashHex(secret),
                [$"Server:ApiKeys:{KeyName}:Role"] = ApiKeyRoles.Client,
                ["Server:RateLimit:PermitsPerMinute"] = "1000000000",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:Console:LogToStandardErrorThreshold"] = "Trace",
            })
            .Build();

    /// <summary>The bench-store query generator's questions (2–3 Korean/English terms that the corpus uses).</summary>
    private List<string> Questions()
    {
        var generator = new MixedProseGenerator(settings.Seed + 1, new ProseNames(settings.Seed));
        return [.. Enumerable.Range(0, 1000).Select(_ => generator.Query())];
    }

    private void Log(string line) => progress.WriteLine($"[bench-server] {line}");
}
