using System.CommandLine;
using Assistant.Cli.Benchmarking;
using Assistant.Cli.Output;
using Assistant.Core.Ingestion;
using Assistant.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Assistant.Cli.Commands;

/// <summary>`assistant bench-hostile`: issue 9's hostile inputs through ingestion, with time and peak memory per input.</summary>
internal static class BenchHostileCommand
{
    public static Command Create()
    {
        var megabytes = new Option<int>("--megabytes") { Description = "Size of the large text inputs (the repeated-heading file and the ordinary document).", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON (see README)." };
        var keep = new Option<bool>("--keep") { Description = "Keep the generated inputs and indexes (the folder is printed)." };
        var command = new Command(
            "bench-hostile",
            "Ingest the inputs that used to hang, crash or exhaust ingestion (link loops, devices, zip bombs, deep nesting, huge files), and check peak memory against 4 × the largest file plus the baseline. Linux only (reads /proc).")
        {
            megabytes, json, keep,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!OperatingSystem.IsLinux()) throw new UsageException("bench-hostile reads memory figures from /proc: it runs on Linux only");
            var size = parse.GetValue(megabytes);
            if (size is < 1 or > 50) throw new UsageException($"--megabytes must be between 1 and 50 (got {size})");
            var work = Path.Combine(Path.GetTempPath(), "assistant-hostile-" + Guid.NewGuid().ToString("N")[..12]);
            var providers = new List<ServiceProvider>();
            HostileReport report;
            try
            {
                var benchmark = new HostileBenchmark(data => Pipeline(parse, data, providers), Console.Error);
                report = await benchmark.RunAsync(work, size, ct);
            }
            finally
            {
                foreach (var provider in providers) provider.Dispose();
                SqliteConnection.ClearAllPools();
                if (parse.GetValue(keep)) Console.Error.WriteLine($"[bench-hostile] kept {work}");
                else if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
            }

            if (parse.GetValue(json)) Json.Write(report);
            else Print(report);
            return CliRunner.Success;
        });
        return command;
    }

    private static IngestionPipeline Pipeline(ParseResult parse, string dataDirectory, List<ServiceProvider> providers)
    {
        // The user's Ingestion limits apply; the index is a fresh embedded one without embeddings.
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(CliHost.BuildConfiguration(parse))
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DataDirectory"] = dataDirectory,
                ["VectorStore"] = nameof(VectorStoreKind.Embedded),
                ["Models:DefaultEmbedding"] = string.Empty,
            })
            .Build();
        var services = CliHost.BuildServices(configuration);
        providers.Add(services);
        return services.GetRequiredService<IngestionPipeline>();
    }

    private static void Print(HostileReport report)
    {
        static string Mb(long? bytes) => bytes is { } b ? $"{b / 1048576.0:0.#} MB" : "n/a";
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"Hostile inputs (load average {report.LoadAverageAtStart:0.0} → {report.LoadAverageAtEnd:0.0})"));
        foreach (var column in new[] { "input", "kind", "outcome", "seconds", "peak over start", "file" }) table.AddColumn(column);
        foreach (var c in report.Cases)
        {
            table.AddRow(
                Markup.Escape(c.Name),
                c.Kind,
                Markup.Escape(c.Reason is { } r ? $"{c.Outcome}: {r}" : c.Outcome),
                c.Seconds.ToString("0.00"),
                Mb(c.PeakRssBytes - c.StartRssBytes),
                Mb(c.ReadableBytes));
        }

        AnsiConsole.Write(table);
        var verdict = report.WithinBudget switch { true => "[green]within budget[/]", false => "[red]over budget[/]", null => "not measured" };
        AnsiConsole.MarkupLine(Markup.Escape($"Whole hostile set in one batch: {report.WholeSetSeconds:0.0} s, peak {Mb(report.WholeSetPeakRssBytes)}; budget = baseline {Mb(report.BaselineRssBytes)} + 4 × largest file {Mb(report.LargestReadableBytes)} = {Mb(report.BudgetBytes)}: ") + verdict);
    }
}
