using System.Diagnostics;
using System.Text.RegularExpressions;
using Assistant.Core.Evaluation;
using Assistant.Core.Evaluation.Report;
using Assistant.Tests.TestSupport;
using Xunit.Abstractions;

namespace Assistant.Tests.Eval;

/// <summary>A fact that needs Debian's chromium (./test.sh installs it when it can); skipped, visibly, without it.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Path is null) Skip = "chromium not found (/usr/bin/chromium): ./test.sh installs it as root with apt-get; else 'apt-get install -y chromium' to run the browser tests (eval report, widget)";
    }
}

/// <summary>Runs Debian's chromium headless with no network, profile or GPU, in a fresh user-data folder.</summary>
public static class HeadlessChromium
{
    public static string? Path { get; } = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    public static async Task<string> RunAsync(params string[] args)
    {
        using var profile = new TempDir();
        var start = new ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var flag in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile.Path,
        }.Concat(args))
        {
            start.ArgumentList.Add(flag);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish within 90 s: " + await stderr);
        }

        Assert.True(process.ExitCode == 0, $"chromium exit {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}

/// <summary>report.html rendered by a real browser: the charts are drawn (pixels painted), and a screenshot is kept.</summary>
public sealed partial class ReportRenderingTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new();

    internal static EvalResults Sample()
    {
        static ModelSlice Slice(double keyFacts, double p50) => new(10, new LatencyResults(p50 / 3, p50 / 2, p50, p50 * 1.8), 40, new AccuracyResults(keyFacts, keyFacts / 2, null), 0.9, 0.8, 0.1, 0);
        ModelResults Model(string profile, string model, double keyFacts, double p50, double tps, decimal? cost, double ko, double en) =>
            new(profile, model, new LatencyResults(p50 / 3, p50 / 2, p50, p50 * 1.8), tps, new AccuracyResults(keyFacts, keyFacts / 2, null), 0.9, 0.8, 0.1, null, 0,
                new TokenResults(20000, 3000), cost, new Dictionary<string, ModelSlice> { ["en"] = Slice(en, p50), ["ko"] = Slice(ko, p50 * 1.2) })
            {
                CostPer100Questions = cost * 5,
                Answers = 20,
                Load = [new LoadPoint(1, 20, new LatencyResults(1, 2, p50, p50 * 2), tps, tps, 0), new LoadPoint(4, 20, new LatencyResults(1, 2, p50 * 1.5, p50 * 3), tps * 0.8, tps * 3, 0)],
            };

        return new EvalResults("demo </script><b>set</b>", 20, new RetrievalResults(0.95, 0.9, 0.92)
        {
            K = 5,
            Mode = "keyword",
            ByMode = new Dictionary<string, RetrievalScores> { ["keyword"] = new(18, 0.95, 0.9, 0.92) },
            ByLanguage = new Dictionary<string, RetrievalScores> { ["en"] = new(9, 0.9, 0.85, 0.88), ["ko"] = new(9, 1, 0.95, 0.96) },
        }, [Model("extractive", "extractive", 0.62, 30, 1500, 0m, 0.55, 0.7), Model("cloud", "gpt-4o-mini", 0.91, 1800, 85, 0.012m, 0.88, 0.94)])
        {
            Answerable = 18,
            Unanswerable = 2,
        };
    }

    [ChromiumFact]
    public async Task The_report_draws_its_charts_in_headless_chromium_and_a_screenshot_is_saved()
    {
        await EvalReportWriter.WriteAsync(Sample(), _dir.Path, CancellationToken.None);
        var url = new Uri(_dir.Combine("report.html")).AbsoluteUri;

        var dom = await HeadlessChromium.RunAsync("--virtual-time-budget=5000", "--dump-dom", url);

        Assert.Contains("data-charts-drawn=\"7\"", dom);
        var canvases = Canvas().Matches(dom).Select(m => (Id: m.Groups["id"].Value, Points: int.Parse(m.Groups["points"].Value), Inked: int.Parse(m.Groups["inked"].Value))).ToList();
        Assert.Equal(["accuracy-latency", "tokens-per-second", "cost", "languages", "load", "retrieval", "retrieval-languages"], canvases.Select(c => c.Id));
        foreach (var canvas in canvases)
        {
            Assert.True(canvas.Points > 0, $"{canvas.Id} has no data");
            // Axes, labels and at least one bar or point: far more than the few pixels of an empty frame.
            Assert.True(canvas.Inked > 2000, $"{canvas.Id} painted only {canvas.Inked} pixels");
        }

        // The set's name is text, not markup: "</script>" in it did not end the results block.
        Assert.Contains("demo &lt;/script&gt;&lt;b&gt;set&lt;/b&gt;", dom);

        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        var png = Path.Combine(artifacts, "eval-report.png");
        File.Delete(png);
        await HeadlessChromium.RunAsync("--virtual-time-budget=5000", "--window-size=1280,1800", "--hide-scrollbars", "--screenshot=" + png, url);
        var bytes = File.ReadAllBytes(png);
        Assert.True(bytes.Length > 20_000, $"screenshot is only {bytes.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        output.WriteLine($"screenshot of the eval report: {png}");
        Console.WriteLine($"eval report screenshot: {png}");
    }

    [GeneratedRegex("<canvas id=\"(?<id>[a-z-]+)\"[^>]*data-points=\"(?<points>\\d+)\"[^>]*data-inked-pixels=\"(?<inked>\\d+)\"")]
    private static partial Regex Canvas();

    public void Dispose() => _dir.Dispose();
}
