using Assistant.Core.Ingestion;
using Assistant.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Cli.Commands;

/// <summary>
/// On an empty index, `ask` and `search` first ingest the sample corpus, so one command on a fresh clone
/// answers a question. The notice goes to stderr to keep --json output clean.
/// </summary>
internal static class CorpusBootstrap
{
    public static async Task EnsureIndexedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IKnowledgeStore>();
        await store.InitializeAsync(cancellationToken);
        if ((await store.GetStatsAsync(cancellationToken)).Documents > 0) return;

        var corpus = FindCorpus(services.GetRequiredService<IConfiguration>()["SampleCorpusPath"] ?? "docs-corpus");
        if (corpus is null)
        {
            Console.Error.WriteLine("The index is empty and no docs-corpus folder was found: run 'assistant ingest PATH' first.");
            return;
        }

        Console.Error.WriteLine($"The index is empty: ingesting the sample corpus {corpus} first…");
        var report = await services.GetRequiredService<IngestionPipeline>().IngestAsync(new IngestRequest([corpus]), null, cancellationToken);
        Console.Error.WriteLine($"Indexed {report.Count(IngestOutcome.Added)} documents ({report.Chunks} chunks) in {report.Elapsed.TotalSeconds:0.0} s.");
        foreach (var failed in report.Files.Where(f => f.Outcome == IngestOutcome.Failed))
        {
            Console.Error.WriteLine($"  failed {failed.Path}: {failed.Reason}");
        }
    }

    private static string? FindCorpus(string configured)
    {
        if (Path.IsPathRooted(configured)) return Directory.Exists(configured) ? configured : null;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, configured);
                if (Directory.Exists(candidate)) return candidate;
            }
        }

        return null;
    }
}
