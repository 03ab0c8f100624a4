using System.Globalization;
using Assistant.Core.Evaluation;
using Spectre.Console;

namespace Assistant.Cli.Output;

/// <summary>`assistant eval`'s terminal output: a retrieval table and a model table.</summary>
internal static class EvalTable
{
    public static void Print(EvalResults results)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(results.Set)}[/]: {results.Questions} questions ({results.Answerable} answerable, {results.Unanswerable} unanswerable)");
        if (results.Retrieval is { } r)
        {
            var table = new Table().AddColumns("mode", "questions", $"recall@{r.K}", "MRR", $"nDCG@{r.K}");
            foreach (var (mode, s) in r.ByMode) table.AddRow(mode + (mode == r.Mode ? " *" : ""), N(s.Questions), F(s.RecallAtK), F(s.Mrr), F(s.NdcgAtK));
            foreach (var (lang, s) in r.ByLanguage) table.AddRow($"{r.Mode} ({lang})", N(s.Questions), F(s.RecallAtK), F(s.Mrr), F(s.NdcgAtK));
            AnsiConsole.Write(table);
        }

        if (results.Models.Count == 0) return;
        var models = new Table().AddColumns("profile", "key facts", "F1", "judge", "cited ok", "refusal", "false ans.", "TTFT p50/p95 ms", "total p50/p95 ms", "tok/s", "consist.", "errors", "cost");
        foreach (var m in results.Models)
        {
            models.AddRow(
                Markup.Escape(m.Profile + (m.Model is { } model && model != m.Profile ? $" ({model})" : "")),
                F(m.Accuracy.KeyFacts), F(m.Accuracy.TokenF1), F(m.Accuracy.Judge), F(m.CitationPrecision), F(m.RefusalRate), F(m.FalseAnswerRate),
                $"{Ms(m.Latency.TtftP50Ms)} / {Ms(m.Latency.TtftP95Ms)}", $"{Ms(m.Latency.TotalP50Ms)} / {Ms(m.Latency.TotalP95Ms)}",
                Ms(m.TokensPerSecond), F(m.Consistency), N(m.Errors) + (m.Timeouts > 0 ? $" ({m.Timeouts} timeouts)" : ""), m.Cost?.ToString("0.####", CultureInfo.InvariantCulture) ?? "–");
        }

        AnsiConsole.Write(models);
        foreach (var m in results.Models)
        {
            var languages = string.Join(", ", m.ByLanguage.Select(kv => $"{kv.Key} key facts {F(kv.Value.Accuracy.KeyFacts)}, refusal {F(kv.Value.RefusalRate)}"));
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape($"{m.Profile}: {languages}; {m.CachedAnswers}/{m.Answers} answers from the cache")}[/]");
            foreach (var p in m.Load) AnsiConsole.MarkupLine($"[grey]{Markup.Escape($"  ×{p.Concurrency}: total p50 {Ms(p.Latency.TotalP50Ms)} ms, p95 {Ms(p.Latency.TotalP95Ms)} ms, {Ms(p.ThroughputTokensPerSecond)} tokens/s overall, {p.Errors} errors")}[/]");
        }
    }

    private static string F(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "–";

    private static string Ms(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "–";

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
