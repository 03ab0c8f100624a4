using System.Text.Json;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

/// <summary>
/// `assistant bench-server` at a small size through a real process: the JSON has every figure, every message was
/// answered from the documents through the instant model, and nothing failed. Timings are reported, not asserted.
/// </summary>
public sealed class BenchServerCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_small_run_reports_every_figure_without_errors()
    {
        var result = await CliProcess.RunAsync(_dir.Path, "bench-server", "--chunks", "200", "--requests", "20", "--concurrency", "1,4", "--conversations", "50", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;
        Assert.Equal("in-process", root.GetProperty("hosting").GetString());
        Assert.Equal(200, root.GetProperty("corpus").GetProperty("chunks").GetInt32());
        var retrieval = root.GetProperty("retrieval");
        Assert.Equal("keyword", retrieval.GetProperty("mode").GetString());
        // The server's searches rank from the in-memory copy of the keyword index; FTS5 alone is timed beside it.
        Assert.Equal(200, retrieval.GetProperty("memoryIndex").GetProperty("rows").GetInt32());
        Assert.Equal(JsonValueKind.Null, retrieval.GetProperty("memoryIndex").GetProperty("refusal").ValueKind);
        Assert.True(retrieval.GetProperty("fts5Latency").GetProperty("count").GetInt32() > 0);
        Assert.Equal(5.0, root.GetProperty("addedP50TargetMs").GetDouble());

        var levels = root.GetProperty("levels").EnumerateArray().ToList();
        Assert.Equal([1, 4], levels.Select(l => l.GetProperty("concurrency").GetInt32()));
        foreach (var level in levels)
        {
            Assert.Equal(20, level.GetProperty("requests").GetInt32());
            Assert.Equal(0, level.GetProperty("errors").GetInt32());
            Assert.True(level.GetProperty("requestsPerSecond").GetDouble() > 0, level.ToString());
            // Every reply cited the passage the instant model quoted, and the model was called for each message.
            Assert.Equal(1.0, level.GetProperty("foundShare").GetDouble());
            Assert.True(level.GetProperty("modelCallsPerRequest").GetDouble() >= 1, level.ToString());
            foreach (var name in new[] { "latency", "model", "added" })
            {
                var summary = level.GetProperty(name);
                Assert.Equal(20, summary.GetProperty("count").GetInt32());
                Assert.True(summary.GetProperty("p50Ms").GetDouble() <= summary.GetProperty("p99Ms").GetDouble(), summary.ToString());
            }

            Assert.True(level.GetProperty("model").GetProperty("p50Ms").GetDouble() > 0);
            Assert.True(level.GetProperty("cpuMsPerRequest").GetDouble() > 0, level.ToString());
            Assert.True(level.GetProperty("added").GetProperty("p50Ms").GetDouble() < level.GetProperty("latency").GetProperty("p50Ms").GetDouble());
        }

        var memory = root.GetProperty("memory");
        Assert.Equal(0, memory.GetProperty("errors").GetInt32());
        Assert.Equal([0, 12, 25, 37, 50], memory.GetProperty("samples").EnumerateArray().Select(s => s.GetProperty("conversations").GetInt32()));
        Assert.All(memory.GetProperty("samples").EnumerateArray(), s => Assert.True(s.GetProperty("gcHeapBytes").GetInt64() > 0 && s.GetProperty("workingSetBytes").GetInt64() > 0));
        Assert.True(memory.TryGetProperty("flat", out _));
    }

    [Fact]
    public async Task A_bad_concurrency_list_is_a_usage_error()
    {
        var result = await CliProcess.RunAsync(_dir.Path, "bench-server", "--concurrency", "1,x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--concurrency: 'x'", result.StdErr);
    }
}
