using System.CommandLine;
using Assistant.Cli.Output;
using Assistant.Core.Ingestion;
using Assistant.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Assistant.Cli.Commands;

internal static class ReindexCommand
{
    public static Command Create()
    {
        var dropVectors = new Option<bool>("--drop-vectors") { Description = "Remove all vectors instead: the index becomes keyword-only." };
        var force = new Option<bool>("--force") { Description = "Re-embed even when every chunk already has a vector from the configured model." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (see README)." };

        var command = new Command("reindex", "Re-embed every indexed chunk with the configured embedding model (Models:DefaultEmbedding), e.g. after changing it.")
        {
            dropVectors, force, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var services = CliHost.BuildServices(parse);
            using var writing = await IngestRunner.LockForWritingAsync(services, ct);
            var reindexer = services.GetRequiredService<EmbeddingReindexer>();
            var request = new ReindexRequest(parse.GetValue(dropVectors), parse.GetValue(force));
            var asJson = parse.GetValue(json);
            var report = await RunAsync(reindexer, request, asJson, ct);
            if (asJson)
            {
                Json.Write(Json.Reindex(report));
            }
            else
            {
                Console.WriteLine(Describe(report));
            }

            return CliRunner.Success;
        });
        return command;
    }

    private static async Task<ReindexReport> RunAsync(EmbeddingReindexer reindexer, ReindexRequest request, bool quietStdout, CancellationToken ct)
    {
        if (ConsoleSetup.UsePlainProgress(quietStdout))
        {
            return await reindexer.ReindexAsync(request, new PlainReembedProgress(quietStdout ? Console.Error : Console.Out), ct);
        }

        ReindexReport? report = null;
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("Embedding chunks", maxValue: 1);
                report = await reindexer.ReindexAsync(request, new Progress<ReembedProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                }), ct);
            });
        return report!;
    }

    private static string Describe(ReindexReport r)
    {
        var previous = r.Previous?.ToString() ?? "no vectors";
        return r.Outcome switch
        {
            ReindexOutcome.Reembedded => $"Re-embedded {r.Chunks} chunks of {r.Documents} documents with {r.Current} in {r.Elapsed.TotalSeconds:0.0} s (before: {previous}).",
            ReindexOutcome.VectorsDropped => $"Removed the vectors of {r.Chunks} chunks (before: {previous}); search is keyword-only now.",
            ReindexOutcome.AlreadyCurrent => $"All {r.Chunks} chunks already have vectors from {r.Current}: nothing to do (--force re-embeds anyway).",
            _ => "The index is empty: nothing to reindex.",
        };
    }

    /// <summary>A line every 10% for logs and redirected output.</summary>
    private sealed class PlainReembedProgress(TextWriter writer) : IProgress<ReembedProgress>
    {
        private int _lastDecile = -1;

        public void Report(ReembedProgress value)
        {
            var decile = value.Total == 0 ? 10 : value.Done * 10 / value.Total;
            if (decile == _lastDecile) return;
            _lastDecile = decile;
            writer.WriteLine($"Embedding chunks: {value.Done}/{value.Total}");
        }
    }
}
