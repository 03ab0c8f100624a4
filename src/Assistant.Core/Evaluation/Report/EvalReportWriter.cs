using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Assistant.Core.Evaluation.Report;

/// <summary>
/// Writes a run's results to a folder: results.json (the --json object), results.csv, summary.md and report.html — a
/// single self-contained page with the results, tables and charts drawn by the inlined Chart.js (nothing is fetched).
/// </summary>
public static partial class EvalReportWriter
{
    public static readonly string[] Files = ["report.html", "results.json", "results.csv", "summary.md"];

    /// <returns>The paths written.</returns>
    public static async Task<IReadOnlyList<string>> WriteAsync(EvalResults results, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var utf8 = new UTF8Encoding(false);
        var written = new List<string>();
        async Task Write(string name, string text)
        {
            var path = Path.Combine(directory, name);
            await File.WriteAllTextAsync(path, text, utf8, cancellationToken);
            written.Add(path);
        }

        await Write("report.html", Html(results));
        await Write("results.json", EvalJson.Serialize(results) + "\n");
        await Write("results.csv", EvalTables.Csv(results));
        await Write("summary.md", EvalTables.Markdown(results));
        return written;
    }

    public static string Html(EvalResults results)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TITLE"] = Encode(results.Set),
            ["META"] = Encode($"{results.Questions} questions ({results.Answerable} answerable, {results.Unanswerable} unanswerable); " +
                              $"{results.Models.Count} model profile(s): {string.Join(", ", results.Models.Select(m => m.Profile))}"),
            ["TABLES"] = EvalTables.Html(results),
            ["RESULTS"] = EvalJson.SerializeForHtml(results),
            ["CHARTJS"] = Resource("chart.umd.min.js"),
            ["APP"] = Resource("report.js"),
        };
        // One pass: text put in (a question, Chart.js itself) is never scanned for placeholders again.
        return Placeholder().Replace(Resource("report.html"), m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
    }

    internal static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);

    internal static string Number(double? value, string format = "0.###") => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "";

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Assistant.Core.Evaluation.Report." + name)
            ?? throw new InvalidOperationException($"the report resource {name} is missing from this build");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\{\{([A-Z]+)\}\}")]
    private static partial Regex Placeholder();
}
