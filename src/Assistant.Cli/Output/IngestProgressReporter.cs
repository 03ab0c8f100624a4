using Assistant.Core.Ingestion;
using Spectre.Console;

namespace Assistant.Cli.Output;

/// <summary>Plain progress lines, for redirected output and logs: one line per file that was not unchanged.</summary>
internal sealed class PlainIngestProgress(TextWriter writer, string cwd) : IIngestProgress
{
    private int _total;
    private int _done;

    public void Started(int totalFiles)
    {
        _total = totalFiles;
        writer.WriteLine($"Ingesting {totalFiles} file(s)…");
    }

    public void FileStarted(string path)
    {
    }

    public void FileCompleted(IngestFileResult result)
    {
        var reason = result.Reason is null ? string.Empty : $": {result.Reason}";
        // --sync removals come after the files found on disk, which are all the total counts: no counter for them.
        var counter = result.Outcome == IngestOutcome.Removed ? "[-]" : $"[{++_done}/{_total}]";
        writer.WriteLine($"{counter} {result.Outcome.ToString().ToLowerInvariant()} {Json.DisplayPath(result.Path, cwd)}{reason}");
    }
}

/// <summary>A Spectre.Console progress bar for terminals; problems are printed above the bar as they happen.</summary>
internal sealed class SpectreIngestProgress(ProgressContext context, string cwd) : IIngestProgress
{
    private ProgressTask? _task;

    public void Started(int totalFiles) => _task = context.AddTask("Ingesting", maxValue: Math.Max(1, totalFiles));

    public void FileStarted(string path) => _task!.Description = Markup.Escape(Shorten(Json.DisplayPath(path, cwd)));

    public void FileCompleted(IngestFileResult result)
    {
        if (result.Outcome != IngestOutcome.Removed) _task?.Increment(1); // removals are not among the files counted
        if (result.Outcome is IngestOutcome.Failed or IngestOutcome.Skipped || result.RecoveredShare is not null)
        {
            var colour = result.Outcome == IngestOutcome.Failed ? "red" : "yellow";
            AnsiConsole.MarkupLine($"[{colour}]{result.Outcome.ToString().ToLowerInvariant()}[/] {Markup.Escape(Json.DisplayPath(result.Path, cwd))}: {Markup.Escape(result.Reason ?? string.Empty)}");
        }
    }

    public void Compacting() => _task!.Description = "Merging the keyword index";

    private static string Shorten(string path) => path.Length <= 40 ? path : "…" + path[^39..];
}
