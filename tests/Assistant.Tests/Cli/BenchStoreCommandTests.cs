using System.Text.Json;
using System.Text.RegularExpressions;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

/// <summary>
/// `assistant bench-store` at toy sizes through a real process: the JSON report's shape and that its figures are
/// consistent with each other. Timing targets are not asserted here (they mean something only at full size).
/// </summary>
public sealed partial class BenchStoreCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Json_report_has_every_phase_with_consistent_counts_and_sane_figures()
    {
        var result = await CliProcess.RunAsync(_dir.Path, "bench-store", "--chunks", "2000", "--dimensions", "32", "--queries", "20", "--json", "--keep");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;
        Assert.Equal(
            ["chunks", "dimensions", "queries", "seed", "machine", "corpus", "ingestion", "keyword", "dense", "dataDirectory", "seconds"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2000, root.GetProperty("chunks").GetInt32());
        Assert.Equal(Environment.ProcessorCount, root.GetProperty("machine").GetProperty("processorCount").GetInt32());

        var corpus = root.GetProperty("corpus");
        Assert.Equal(2000, corpus.GetProperty("chunks").GetInt32());
        var files = corpus.GetProperty("files").GetInt32();
        Assert.Equal(files, corpus.GetProperty("markdownFiles").GetInt32() + corpus.GetProperty("textFiles").GetInt32());
        Assert.True(corpus.GetProperty("markdownFiles").GetInt32() > 0 && corpus.GetProperty("textFiles").GetInt32() > 0, "both formats are generated");

        // Every generated file goes in, none is taken for a duplicate, and the chunker cuts exactly what was planned.
        var ingestion = root.GetProperty("ingestion");
        Assert.Equal(files, ingestion.GetProperty("files").GetInt32());
        Assert.Equal(files, ingestion.GetProperty("added").GetInt32());
        Assert.Equal(0, ingestion.GetProperty("skipped").GetInt32());
        Assert.Equal(0, ingestion.GetProperty("failed").GetInt32());
        Assert.Equal(2000, ingestion.GetProperty("chunks").GetInt32());
        Assert.Equal(corpus.GetProperty("megabytes").GetDouble(), ingestion.GetProperty("megabytes").GetDouble());
        Assert.True(ingestion.GetProperty("megabytesPerSecond").GetDouble() > 0);
        Assert.Equal(5, ingestion.GetProperty("targetMegabytesPerSecond").GetDouble());

        var keyword = root.GetProperty("keyword");
        Assert.Equal(2000, keyword.GetProperty("chunks").GetInt32());
        AssertLatency(keyword.GetProperty("latency"), 20);
        AssertLatency(keyword.GetProperty("fts5Latency"), 20);
        var memoryIndex = keyword.GetProperty("memoryIndex");
        Assert.Equal(2000, memoryIndex.GetProperty("rows").GetInt32());
        Assert.True(memoryIndex.GetProperty("megabytes").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Null, memoryIndex.GetProperty("refusal").ValueKind);
        Assert.InRange(keyword.GetProperty("meanHits").GetDouble(), 1, 10);
        // Queries are corpus words: they match some chunks, but not all of them.
        Assert.InRange(keyword.GetProperty("medianMatchingChunks").GetDouble(), 1, 1999);

        var dense = root.GetProperty("dense");
        Assert.Equal(2000, dense.GetProperty("chunks").GetInt32());
        Assert.Equal(32, dense.GetProperty("dimensions").GetInt32());
        Assert.Equal("synthetic-clustered", dense.GetProperty("vectors").GetString());
        var exact = dense.GetProperty("exact");
        var int8 = dense.GetProperty("int8");
        Assert.Equal("none", exact.GetProperty("quantization").GetString());
        Assert.Equal("int8", int8.GetProperty("quantization").GetString());
        AssertLatency(exact.GetProperty("latency"), 20);
        AssertLatency(int8.GetProperty("latency"), 20);
        Assert.Equal(JsonValueKind.Null, exact.GetProperty("recallAt10").ValueKind);
        Assert.InRange(int8.GetProperty("recallAt10").GetDouble(), 0.0, 1.0);
        foreach (var mode in new[] { exact, int8 })
        {
            var after = mode.GetProperty("memoryAfterLoad");
            Assert.True(after.GetProperty("workingSetMegabytes").GetDouble() > 0);
            Assert.True(after.GetProperty("gcHeapMegabytes").GetDouble() > 0);
        }

        var kept = root.GetProperty("dataDirectory").GetString()!;
        try
        {
            Assert.True(File.Exists(Path.Combine(kept, "keyword", "assistant.db")), kept);
            Assert.True(File.Exists(Path.Combine(kept, "dense", "assistant.db")), kept);
            Assert.Equal(files, Directory.EnumerateFiles(Path.Combine(kept, "corpus"), "*", SearchOption.AllDirectories).Count());
        }
        finally
        {
            Directory.Delete(kept, recursive: true);
        }
    }

    [Fact]
    public async Task Without_keep_the_temp_folder_is_removed_and_skip_dense_leaves_dense_null()
    {
        var result = await CliProcess.RunAsync(_dir.Path, "bench-store", "--chunks", "300", "--queries", "5", "--skip-dense", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("dense").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("dataDirectory").ValueKind);
        Assert.Equal(300, json.RootElement.GetProperty("ingestion").GetProperty("chunks").GetInt32());
        // Progress went to stderr, naming the index it wrote; that folder is gone now.
        var index = IndexPath().Match(result.StdErr);
        Assert.True(index.Success, result.StdErr);
        Assert.False(Directory.Exists(Path.GetDirectoryName(Path.GetDirectoryName(index.Groups[1].Value))), result.StdErr);
    }

    [Fact]
    public async Task The_table_and_progress_name_exact_search_in_words_not_by_the_enum()
    {
        var result = await CliProcess.RunAsync(_dir.Path, "bench-store", "--chunks", "300", "--dimensions", "8", "--queries", "5");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("memory, exact float32 index loaded", result.StdOut);
        Assert.Contains("dense exact float32: p50", result.StdErr);
        Assert.DoesNotContain("None", result.StdOut + result.StdErr);
    }

    [Theory]
    [InlineData("--chunks", "0")]
    [InlineData("--dimensions", "1")]
    [InlineData("--queries", "0")]
    public async Task Out_of_range_sizes_are_usage_errors_naming_the_option(string option, string value)
    {
        var result = await CliProcess.RunAsync(_dir.Path, "bench-store", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{option} must be between", result.StdErr);
        Assert.Equal(string.Empty, result.StdOut);
    }

    private static void AssertLatency(JsonElement latency, int queries)
    {
        Assert.Equal(queries, latency.GetProperty("count").GetInt32());
        var p50 = latency.GetProperty("p50Ms").GetDouble();
        var p95 = latency.GetProperty("p95Ms").GetDouble();
        Assert.True(p50 > 0, $"p50 {p50}");
        Assert.True(p50 <= p95, $"p50 {p50} > p95 {p95}");
        Assert.True(p95 <= latency.GetProperty("maxMs").GetDouble());
        Assert.True(latency.GetProperty("meanMs").GetDouble() > 0);
    }

    [GeneratedRegex(@"into (\S+assistant\.db) \(no embeddings\)")]
    private static partial Regex IndexPath();
}
