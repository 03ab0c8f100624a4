using System.CommandLine;
using System.Globalization;
using Assistant.Cli.Output;
using Assistant.Core.Answering;
using Assistant.Core.Evaluation;
using Assistant.Core.Evaluation.Report;
using Assistant.Core.Ingestion;
using Assistant.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Assistant.Cli.Commands;

/// <summary>`assistant eval`: parse, call <see cref="EvalRunner"/>, print the table (or JSON), write the report, apply the gates.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var set = new Option<string?>("--set") { Description = "Eval set: a JSONL file or a folder of qa*/unanswerable*.jsonl (default docs-corpus/eval)." };
        var models = new Option<string?>("--models") { Description = "Model profiles to compare, comma-separated; 'extractive' needs no model (default)." };
        var retrievalOnly = new Option<bool>("--retrieval-only") { Description = "Measure retrieval only; ask no model." };
        var repeat = new Option<int>("--repeat") { Description = "Ask each question N times (consistency; 1–20).", DefaultValueFactory = _ => 1 };
        var concurrency = new Option<string?>("--concurrency") { Description = "Load levels, e.g. 1,4,16: latency and tokens/s with that many questions in flight." };
        var judge = new Option<string?>("--judge") { Description = "Chat profile that grades each answer (prompts/Eval/Judge)." };
        var top = CommonOptions.Top();
        var output = new Option<string?>("--out") { Description = "Write report.html, results.json, results.csv and summary.md to this folder." };
        var minRecall = new Option<double?>("--min-recall") { Description = "Exit 1 when retrieval recall@k is below this (0–1)." };
        var minAccuracy = new Option<double?>("--min-accuracy") { Description = "Exit 1 when a model's key-fact accuracy is below this (0–1)." };
        var maxFalse = new Option<double?>("--max-false-answer-rate") { Description = "Exit 1 when a model's false-answer rate is above this (0–1)." };
        var noCache = new Option<bool>("--no-cache") { Description = "Ask every question again instead of reusing cached answers." };
        var json = new Option<bool>("--json") { Description = "Print results.json's object (see README) instead of the table." };

        var command = new Command("eval", "Compare model profiles on an eval set of your documents: retrieval, accuracy, speed, honesty, cost.")
        {
            set, models, retrievalOnly, repeat, concurrency, judge, top, output, minRecall, minAccuracy, maxFalse, noCache, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var thresholds = new EvalThresholds(Rate(parse.GetValue(minRecall), "--min-recall"), Rate(parse.GetValue(minAccuracy), "--min-accuracy"), Rate(parse.GetValue(maxFalse), "--max-false-answer-rate"));
            var levels = Levels(parse.GetValue(concurrency));
            var repeats = parse.GetValue(repeat);
            if (repeats is < 1 or > 20) throw new UsageException($"--repeat must be between 1 and 20 (got {repeats})");
            var profiles = (parse.GetValue(models) ?? AnswerServiceEvalAnswerer.ExtractiveProfile).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (profiles.Count == 0) throw new UsageException("--models is empty");
            var judgeProfile = parse.GetValue(judge);
            if (string.Equals(judgeProfile, AnswerServiceEvalAnswerer.ExtractiveProfile, StringComparison.OrdinalIgnoreCase)) throw new UsageException("--judge needs a chat model profile, not 'extractive'");
            var setPath = parse.GetValue(set) ?? FindDefaultSet() ?? throw new UsageException("no docs-corpus/eval folder found here or above; name a set with --set FILE");
            if (!File.Exists(setPath) && !Directory.Exists(setPath)) throw new UsageException($"--set {setPath}: no such file or folder");

            using var services = CliHost.BuildServices(parse);
            var runner = services.GetRequiredService<EvalRunner>();
            await services.GetRequiredService<SampleCorpusBootstrap>().EnsureIndexedAsync(Console.Error.WriteLine, ct);
            var request = new EvalRequest(setPath)
            {
                Profiles = profiles,
                RetrievalOnly = parse.GetValue(retrievalOnly),
                Repeat = repeats,
                Concurrency = levels ?? [1],
                MeasureLoad = levels is not null,
                Judge = judgeProfile,
                Top = CommonOptions.ValidateTop(parse.GetValue(top)),
                CachePath = parse.GetValue(noCache) ? null : Path.Combine(services.GetRequiredService<IOptions<StoreOptions>>().Value.DataDirectory, EvalAnswerCache.FileName),
            };

            EvalResults results;
            try
            {
                results = await EvalProgressDisplay.RunAsync(progress => runner.RunAsync(request, progress, ct));
            }
            catch (UnknownModelProfileException ex)
            {
                throw new UsageException($"no such profile '{ex.Profile}' (known: {string.Join(", ", ex.Known)})");
            }
            catch (InvalidDataException ex)
            {
                throw new UsageException(ex.Message);
            }

            if (parse.GetValue(output) is { } dir)
            {
                foreach (var path in await EvalReportWriter.WriteAsync(results, dir, ct)) Console.Error.WriteLine($"wrote {path}");
            }

            if (parse.GetValue(json)) Console.Out.WriteLine(EvalJson.Serialize(results));
            else EvalTable.Print(results);

            var failures = EvalGate.Check(results, thresholds);
            foreach (var failure in failures) Console.Error.WriteLine($"gate failed: {failure}");
            return failures.Count == 0 ? CliRunner.Success : CliRunner.PartialFailure;
        });
        return command;
    }

    private static double? Rate(double? value, string name) =>
        value is null or (>= 0 and <= 1) ? value : throw new UsageException($"{name} must be between 0 and 1 (got {value.Value.ToString(CultureInfo.InvariantCulture)})");

    private static List<int>? Levels(string? text)
    {
        if (text is null) return null;
        var levels = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 64)
            {
                throw new UsageException($"--concurrency takes numbers from 1 to 64 separated by commas (got '{part}')");
            }

            if (!levels.Contains(n)) levels.Add(n);
        }

        return levels.Count > 0 ? levels : throw new UsageException("--concurrency is empty");
    }

    private static string? FindDefaultSet()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "docs-corpus", "eval");
                if (Directory.Exists(candidate)) return candidate;
            }
        }

        return null;
    }
}
