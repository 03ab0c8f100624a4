using System.Globalization;
using System.Text;
using static Assistant.Core.Evaluation.Report.EvalReportWriter;

namespace Assistant.Core.Evaluation.Report;

/// <summary>The results as rows: CSV, Markdown and the HTML report's tables share them.</summary>
public static class EvalTables
{
    public static readonly string[] ModelColumns =
    [
        "profile", "model", "slice", "questions", "keyFacts", "tokenF1", "judge", "citationPrecision", "refusalRate", "falseAnswerRate",
        "ttftP50Ms", "ttftP95Ms", "totalP50Ms", "totalP95Ms", "tokensPerSecond", "errors",
    ];

    /// <summary>One row per model and slice ("all", "lang:ko", "tag:pricing").</summary>
    public static IEnumerable<string[]> ModelRows(EvalResults results)
    {
        foreach (var m in results.Models)
        {
            var slices = new List<(string Name, ModelSlice Slice)>
            {
                ("all", new ModelSlice(m.Answers, m.Latency, m.TokensPerSecond, m.Accuracy, m.CitationPrecision, m.RefusalRate, m.FalseAnswerRate, m.Errors)),
            };
            slices.AddRange(m.ByLanguage.Select(kv => ("lang:" + kv.Key, kv.Value)));
            slices.AddRange(m.ByTag.Select(kv => ("tag:" + kv.Key, kv.Value)));
            foreach (var (name, s) in slices)
            {
                yield return
                [
                    m.Profile, m.Model ?? "", name, s.Questions.ToString(CultureInfo.InvariantCulture),
                    Number(s.Accuracy.KeyFacts), Number(s.Accuracy.TokenF1), Number(s.Accuracy.Judge), Number(s.CitationPrecision),
                    Number(s.RefusalRate), Number(s.FalseAnswerRate),
                    Number(s.Latency.TtftP50Ms, "0.#"), Number(s.Latency.TtftP95Ms, "0.#"), Number(s.Latency.TotalP50Ms, "0.#"), Number(s.Latency.TotalP95Ms, "0.#"),
                    Number(s.TokensPerSecond, "0.#"), s.Errors.ToString(CultureInfo.InvariantCulture),
                ];
            }
        }
    }

    public static readonly string[] RetrievalColumns = ["mode", "slice", "questions", "recallAtK", "mrr", "ndcgAtK"];

    public static IEnumerable<string[]> RetrievalRows(EvalResults results)
    {
        if (results.Retrieval is not { } r) yield break;
        foreach (var (mode, s) in r.ByMode) yield return [mode, "all", s.Questions.ToString(CultureInfo.InvariantCulture), Number(s.RecallAtK), Number(s.Mrr), Number(s.NdcgAtK)];
        foreach (var (lang, s) in r.ByLanguage) yield return [r.Mode, "lang:" + lang, s.Questions.ToString(CultureInfo.InvariantCulture), Number(s.RecallAtK), Number(s.Mrr), Number(s.NdcgAtK)];
    }

    /// <summary>Two tables in one file, told apart by the first column: <c>kind</c> is <c>retrieval</c> or <c>model</c>.</summary>
    public static string Csv(EvalResults results)
    {
        var b = new StringBuilder();
        b.AppendLine(string.Join(',', ["kind", .. RetrievalColumns]));
        foreach (var row in RetrievalRows(results)) b.AppendLine(string.Join(',', ["retrieval", .. row.Select(CsvField)]));
        b.AppendLine();
        b.AppendLine(string.Join(',', ["kind", .. ModelColumns]));
        foreach (var row in ModelRows(results)) b.AppendLine(string.Join(',', ["model", .. row.Select(CsvField)]));
        return b.ToString();
    }

    public static string Markdown(EvalResults results)
    {
        var b = new StringBuilder();
        b.AppendLine($"# Eval: {results.Set}").AppendLine();
        b.AppendLine($"{results.Questions} questions ({results.Answerable} answerable, {results.Unanswerable} unanswerable).").AppendLine();
        if (results.Retrieval is { } r)
        {
            b.AppendLine($"## Retrieval (k = {r.K}, headline mode {r.Mode})").AppendLine();
            MarkdownTable(b, RetrievalColumns, RetrievalRows(results));
        }

        if (results.Models.Count > 0)
        {
            b.AppendLine("## Models").AppendLine();
            MarkdownTable(b, ModelColumns, ModelRows(results));
            b.AppendLine("| profile | tokens in | tokens out | cost | cost / 100 questions | consistency | timeouts | cached answers | memory (MB) |");
            b.AppendLine("|---|---|---|---|---|---|---|---|---|");
            foreach (var m in results.Models)
            {
                b.AppendLine($"| {m.Profile} | {m.Tokens.Input} | {m.Tokens.Output} | {m.Cost?.ToString(CultureInfo.InvariantCulture)} | {m.CostPer100Questions?.ToString(CultureInfo.InvariantCulture)} | {Number(m.Consistency)} | {m.Timeouts} | {m.CachedAnswers}/{m.Answers} | {Number(m.MemoryBytes / 1048576.0, "0")} |");
            }

            b.AppendLine();
        }

        return b.ToString();
    }

    public static string Html(EvalResults results)
    {
        var b = new StringBuilder();
        if (results.Retrieval is { } r)
        {
            b.Append("<h2>Retrieval (k = ").Append(r.K).Append(", headline mode ").Append(Encode(r.Mode)).AppendLine(")</h2>");
            HtmlTable(b, RetrievalColumns, RetrievalRows(results));
        }

        if (results.Models.Count > 0)
        {
            b.AppendLine("<h2>Models</h2>");
            HtmlTable(b, ModelColumns, ModelRows(results));
            var errors = results.Models.SelectMany(m => m.ErrorSamples.Select(e => m.Profile + " — " + e)).ToList();
            if (errors.Count > 0)
            {
                b.AppendLine("<h2>Errors (first few per model)</h2><ul>");
                foreach (var e in errors) b.Append("<li>").Append(Encode(e)).AppendLine("</li>");
                b.AppendLine("</ul>");
            }
        }

        return b.ToString();
    }

    private static void MarkdownTable(StringBuilder b, string[] columns, IEnumerable<string[]> rows)
    {
        b.AppendLine("| " + string.Join(" | ", columns) + " |");
        b.AppendLine("|" + string.Concat(columns.Select(_ => "---|")));
        foreach (var row in rows) b.AppendLine("| " + string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        b.AppendLine();
    }

    private static void HtmlTable(StringBuilder b, string[] columns, IEnumerable<string[]> rows)
    {
        b.Append("<table><thead><tr>");
        foreach (var c in columns) b.Append("<th>").Append(Encode(c)).Append("</th>");
        b.AppendLine("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            b.Append("<tr>");
            foreach (var c in row) b.Append("<td>").Append(Encode(c)).Append("</td>");
            b.AppendLine("</tr>");
        }

        b.AppendLine("</tbody></table>");
    }

    // RFC 4180: quote a field holding a comma, quote or line break; a leading =, +, - or @ is prefixed with ' so a
    // spreadsheet does not run it as a formula (model names and tags come from configuration and sets).
    private static string CsvField(string value)
    {
        if (value.Length > 0 && "=+@".Contains(value[0], StringComparison.Ordinal)) value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
