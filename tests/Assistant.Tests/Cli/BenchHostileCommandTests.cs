using System.Text.Json;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

/// <summary>
/// `assistant bench-hostile` at a small size through a real process: each hostile input ends as issue 9 expects and
/// the memory figures are there. The budget itself is reported, not asserted (it means something only at full size).
/// </summary>
public sealed class BenchHostileCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Every_hostile_input_ends_with_its_expected_outcome_and_the_memory_figures_are_reported()
    {
        var result = await CliProcess.RunAsync(_dir.Path, "bench-hostile", "--megabytes", "1", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;
        var cases = root.GetProperty("cases").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
        string Outcome(string name) => cases[name].GetProperty("outcome").GetString()!;
        string Reason(string name) => cases[name].GetProperty("reason").GetString() ?? string.Empty;

        Assert.Equal("2 skipped, 2 added", Outcome("two symlink loops"));
        Assert.Contains("character device", Reason("link to /dev/zero"));
        Assert.Contains("FIFO", Reason("FIFO"));
        Assert.Contains("Ingestion:MaxDecompressedMegabytes", Reason(".docx zip bomb (275 MB inside)"));
        Assert.Equal("failed", Outcome(".docx with 30,000 nested content controls"));
        Assert.Contains("Ingestion:MaxNestingDepth", Reason("HTML of 100,000 nested divs"));
        Assert.Equal("added", Outcome("1 MB .md of one repeated heading"));
        Assert.Equal("added", Outcome("UTF-16 without a BOM"));
        Assert.Contains("over the 50 MB limit", Reason("60 MB file through a link"));
        Assert.Equal("added", Outcome("1 MB ordinary Markdown"));
        Assert.Equal("added", Outcome("1 MB on one line"));
        Assert.Equal(["hostile", "ordinary"], cases.Values.Select(c => c.GetProperty("kind").GetString()).Distinct().Order());
        foreach (var c in cases.Values)
        {
            Assert.True(c.GetProperty("peakRssBytes").GetInt64() >= c.GetProperty("startRssBytes").GetInt64() / 2, c.ToString());
        }

        var baseline = root.GetProperty("baselineRssBytes").GetInt64();
        Assert.InRange(baseline, 10L << 20, 2L << 30);
        Assert.Equal(baseline + (4 * root.GetProperty("largestReadableBytes").GetInt64()), root.GetProperty("budgetBytes").GetInt64());
        Assert.True(root.GetProperty("wholeSetPeakRssBytes").GetInt64() >= baseline / 2);
    }

    [Fact]
    public async Task A_size_out_of_range_is_a_usage_error()
    {
        var result = await CliProcess.RunAsync(_dir.Path, "bench-hostile", "--megabytes", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--megabytes must be between 1 and 50", result.StdErr);
    }
}
