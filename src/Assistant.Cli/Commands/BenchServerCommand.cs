using System.CommandLine;
using System.Globalization;
using Assistant.Cli.Benchmarking;
using Assistant.Cli.Output;
using Microsoft.Data.Sqlite;
using Spectre.Console;

namespace Assistant.Cli.Commands;

/// <summary>`assistant bench-server`: the support-bot server under load against an instant loopback model (issue 12's figures).</summary>
internal static class BenchServerCommand
{
    public static Command Create()
    {
        var chunks = new Option<int>("--chunks") { Description = "Chunks in the generated knowledge base.", DefaultValueFactory = _ => 10_000 };
        var requests = new Option<int>("--requests") { Description = "Timed messages per concurrency level (after a warm-up).", DefaultValueFactory = _ => 2000 };
        var concurrency = new Option<string>("--concurrency") { Description = "Comma-separated numbers of clients sending at once.", DefaultValueFactory = _ => "1,16,64" };
        var conversations = new Option<int>("--conversations") { Description = "Conversations (one message each) of the memory run; 0 skips it.", DefaultValueFactory = _ => 10_000 };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON (see README)." };
        var keep = new Option<bool>("--keep") { Description = "Keep the generated corpus and data (the folder is printed)." };
        var command = new Command(
            "bench-server",
            "Benchmark the support-bot server: a generated knowledge base (keyword search), an instant model on loopback, the real server in this process; requests/s, latency and the latency the server adds at each concurrency, then memory over many conversations.")
        {
            chunks, requests, concurrency, conversations, json, keep,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new BenchServerSettings(
                Validate("--chunks", parse.GetValue(chunks), 1, 1_000_000),
                Validate("--requests", parse.GetValue(requests), 1, 1_000_000),
                ParseConcurrency(parse.GetValue(concurrency)),
                Validate("--conversations", parse.GetValue(conversations), 0, 1_000_000));
            var work = Path.Combine(Path.GetTempPath(), "assistant-bench-server-" + Guid.NewGuid().ToString("N")[..12]);
            BenchServerReport report;
            try
            {
                report = await new ServerBenchmark(settings, CliHost.BuildConfiguration(parse), Console.Error).RunAsync(work, ct);
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                if (parse.GetValue(keep)) Console.Error.WriteLine($"[bench-server] kept {work}");
                else Delete(work);
            }

            if (parse.GetValue(json)) Json.Write(report);
            else Print(report);
            return CliRunner.Success;
        });
        return command;
    }

    private static int Validate(string option, int value, int min, int max) =>
        value >= min && value <= max ? value : throw new UsageException($"{option} must be between {min:N0} and {max:N0} (got {value})");

    private static IReadOnlyList<int> ParseConcurrency(string? text)
    {
        var parts = (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var levels = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 1024)
            {
                throw new UsageException($"--concurrency: '{part}' is not a number of clients between 1 and 1024 (e.g. --concurrency 1,16,64)");
            }

            levels.Add(n);
        }

        return levels.Count > 0 ? levels : throw new UsageException("--concurrency needs at least one number of clients (e.g. 1,16,64)");
    }

    private static void Delete(string work)
    {
        try
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"[bench-server] could not delete {work}: {ex.Message}");
        }
    }

    private static void Print(BenchServerReport report)
    {
        static string Load(double? l) => l is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";
        var title = $"Server load ({report.Corpus.Chunks:N0} chunks, keyword search, {report.Hosting}; load average {Load(report.LoadAverageAtStart)} → {Load(report.LoadAverageAtEnd)}, {report.Cores} cores)";
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title));
        foreach (var column in new[] { "clients", "req/s", "p50 ms", "p95 ms", "p99 ms", "added p50 ms", "added p99 ms", "model p50 ms", "CPU ms/msg", "errors" }) table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var l in report.Levels)
        {
            var added = l.Added.P50Ms < report.AddedP50TargetMs ? $"[green]{l.Added.P50Ms:F2}[/]" : $"[red]{l.Added.P50Ms:F2}[/]";
            table.AddRow(
                l.Concurrency.ToString(CultureInfo.InvariantCulture),
                l.RequestsPerSecond.ToString("F1", CultureInfo.InvariantCulture),
                l.Latency.P50Ms.ToString("F2", CultureInfo.InvariantCulture),
                l.Latency.P95Ms.ToString("F2", CultureInfo.InvariantCulture),
                l.Latency.P99Ms.ToString("F2", CultureInfo.InvariantCulture),
                added,
                l.Added.P99Ms.ToString("F2", CultureInfo.InvariantCulture),
                l.Model.P50Ms.ToString("F3", CultureInfo.InvariantCulture),
                l.CpuMsPerRequest.ToString("F1", CultureInfo.InvariantCulture),
                l.Errors == 0 ? "0" : $"[red]{l.Errors}[/]");
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape($"Keyword search alone (top {report.Retrieval.Top}): p50 {report.Retrieval.Latency.P50Ms:F2} ms, p99 {report.Retrieval.Latency.P99Ms:F2} ms (FTS5 ranking: p50 {report.Retrieval.Fts5Latency.P50Ms:F2} ms). Added latency = client time − the instant model's own time; target p50 < {report.AddedP50TargetMs} ms."));
        if (report.Memory is { } memory)
        {
            var series = string.Join(", ", memory.Samples.Select(s => $"{s.Conversations:N0}: {s.WorkingSetBytes / 1e6:F0} MB / {s.GcHeapBytes / 1e6:F1} MB"));
            AnsiConsole.MarkupLine(Markup.Escape($"Memory (working set / GC heap after a full collection) by conversations: {series}; {memory.GcHeapGrowthBytesPerConversation:F0} B per conversation, {memory.Errors} error(s): ") + (memory.Flat ? "[green]flat[/]" : "[red]growing[/]"));
        }
    }
}
