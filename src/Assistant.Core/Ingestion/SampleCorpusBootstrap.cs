using Assistant.Core.Storage;
using Microsoft.Extensions.Configuration;

namespace Assistant.Core.Ingestion;

/// <summary>
/// On an empty index, ingests the sample corpus (SampleCorpusPath, default <c>docs-corpus</c>), so one command on a
/// fresh clone answers a question. A first-run convenience of the CLI's search and ask; it reports through
/// <c>onNotice</c> and never prints (the CLI sends the lines to stderr to keep --json output clean).
/// </summary>
public sealed class SampleCorpusBootstrap(IKnowledgeStore store, IngestionPipeline pipeline, IConfiguration configuration)
{
    public async Task EnsureIndexedAsync(Action<string> onNotice, CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        if ((await store.GetStatsAsync(cancellationToken)).Documents > 0) return;

        var corpus = FindCorpus(configuration["SampleCorpusPath"] ?? "docs-corpus");
        if (corpus is null)
        {
            onNotice("The index is empty and no docs-corpus folder was found: run 'assistant ingest PATH' first.");
            return;
        }

        onNotice($"The index is empty: ingesting the sample corpus {corpus} first…");
        var report = await pipeline.IngestAsync(new IngestRequest([corpus]), null, cancellationToken);
        onNotice($"Indexed {report.Count(IngestOutcome.Added)} documents ({report.Chunks} chunks) in {report.Elapsed.TotalSeconds:0.0} s.");
        foreach (var failed in report.Files.Where(f => f.Outcome == IngestOutcome.Failed))
        {
            onNotice($"  failed {failed.Path}: {failed.Reason}");
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
