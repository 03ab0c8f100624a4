using System.CommandLine;
using Assistant.Cli.Output;
using Assistant.Core.Ingestion;
using Assistant.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Assistant.Cli.Commands;

internal static class IngestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Files or folders (folders are searched recursively).", Arity = ArgumentArity.OneOrMore };
        var sync = new Option<bool>("--sync") { Description = "Also remove indexed documents whose files are gone from the given folders." };
        var allowDuplicates = new Option<bool>("--allow-duplicates") { Description = "Index exact and near-duplicates of indexed documents anyway." };
        var tags = new Option<string[]>("--tag") { Description = "Tag the documents (repeatable); search can filter by tag.", AllowMultipleArgumentsPerToken = false };
        var knowledgeBase = new Option<string>("--kb") { Description = "Knowledge base (tenant) to put the documents in.", DefaultValueFactory = _ => "default" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (see README)." };

        var command = new Command("ingest", "Index documents: .md .txt .html .htm .docx .pdf") { paths, sync, allowDuplicates, tags, knowledgeBase, json };
        command.SetAction(async (parse, ct) =>
        {
            using var services = CliHost.BuildServices(parse);
            using var writing = await IngestRunner.LockForWritingAsync(services, ct);
            var request = new IngestRequest(
                parse.GetValue(paths)!,
                parse.GetValue(sync),
                parse.GetValue(allowDuplicates),
                parse.GetValue(tags) ?? [],
                parse.GetValue(knowledgeBase) ?? "default");
            var asJson = parse.GetValue(json);
            var report = await IngestRunner.RunAsync(services.GetRequiredService<IngestionPipeline>(), request, asJson, ct);
            if (asJson) Json.Write(Json.Ingest(report, Directory.GetCurrentDirectory()));
            else IngestRunner.PrintSummary(report);
            // Warnings (e.g. a folder with nothing to index) go to stderr either way: a silent "0 files" looks like success.
            foreach (var warning in report.Warnings) Console.Error.WriteLine($"warning: {warning}");
            return report.HasFailures ? CliRunner.PartialFailure : CliRunner.Success;
        });
        return command;
    }
}

/// <summary>Runs a batch with the right kind of progress display: a bar on a terminal, plain lines otherwise.</summary>
internal static class IngestRunner
{
    /// <summary>Held for the whole command, so that a search meanwhile does not add the sample corpus to this index.</summary>
    public static Task<IngestLock?> LockForWritingAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        IngestLock.ForWritingAsync(services.GetRequiredService<IOptions<StoreOptions>>().Value, Console.Error.WriteLine, services.GetRequiredService<TimeProvider>(), cancellationToken);

    public static async Task<IngestReport> RunAsync(IngestionPipeline pipeline, IngestRequest request, bool quietStdout, CancellationToken cancellationToken)
    {
        var cwd = Directory.GetCurrentDirectory();
        if (ConsoleSetup.UsePlainProgress(quietStdout))
        {
            // With --json, stdout carries only the JSON; progress goes to stderr.
            var writer = quietStdout ? Console.Error : Console.Out;
            return await pipeline.IngestAsync(request, new PlainIngestProgress(writer, cwd), cancellationToken);
        }

        IngestReport? report = null;
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx => report = await pipeline.IngestAsync(request, new SpectreIngestProgress(ctx, cwd), cancellationToken));
        return report!;
    }

    public static void PrintSummary(IngestReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Ingestion summary");
        foreach (var column in new[] { "added", "updated", "unchanged", "skipped", "failed", "removed", "chunks", "seconds" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        table.AddRow(
            report.Count(IngestOutcome.Added).ToString(),
            report.Count(IngestOutcome.Updated).ToString(),
            report.Count(IngestOutcome.Unchanged).ToString(),
            report.Count(IngestOutcome.Skipped).ToString(),
            report.Count(IngestOutcome.Failed) is var failed and > 0 ? $"[red]{failed}[/]" : "0",
            report.Count(IngestOutcome.Removed).ToString(),
            report.Chunks.ToString(),
            report.Elapsed.TotalSeconds.ToString("0.00"));
        AnsiConsole.Write(table);
    }
}
