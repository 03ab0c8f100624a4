using Assistant.Core.Storage;
using Microsoft.Extensions.Configuration;

namespace Assistant.Core.Ingestion;

/// <summary>
/// On an empty index, ingests the sample corpus (SampleCorpusPath, default <c>docs-corpus</c>), so one command on a
/// fresh clone answers a question. A first-run convenience of the CLI's search and ask; it reports through
/// <c>onNotice</c> and never prints (the CLI sends the lines to stderr to keep --json output clean).
/// <para>
/// It never touches an index the user chose or is filling: it runs only for the embedded store in the default data
/// folder (<c>./data</c> of the current folder, whichever setting named it), and only while no ingest or reindex
/// holds <see cref="IngestLock"/> — an empty index may just be the first seconds of someone's ingest.
/// </para>
/// </summary>
/// <remarks>
/// The pipeline comes through <c>pipeline</c> only when the sample corpus is really ingested: building it (extractors,
/// chunker, loggers) is wasted work for the search that finds documents, which is nearly every search.
/// </remarks>
public sealed class SampleCorpusBootstrap(IKnowledgeStore store, Func<IngestionPipeline> pipeline, IConfiguration configuration, StoreOptions storeOptions)
{
    public SampleCorpusBootstrap(IKnowledgeStore store, IngestionPipeline pipeline, IConfiguration configuration, StoreOptions storeOptions)
        : this(store, () => pipeline, configuration, storeOptions)
    {
    }

    /// <returns>
    /// <see cref="BootstrapOutcome.Empty"/> when the index is empty and stays so (the notice says how to fill it): a
    /// search there can only find nothing, which a caller should report as a failure rather than as "no matches".
    /// </returns>
    public async Task<BootstrapOutcome> EnsureIndexedAsync(Action<string> onNotice, CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        if (await HasDocumentsAsync(cancellationToken)) return BootstrapOutcome.Ready;

        if (!IsDefaultIndex(storeOptions))
        {
            // A mistyped --data lands here too: naming the folder and the exact command shows both.
            var embedded = storeOptions.VectorStore == VectorStoreKind.Embedded;
            var where = embedded ? $" in {Path.GetFullPath(storeOptions.DataDirectory)}" : " (Qdrant)";
            var data = embedded ? $" --data {Quote(storeOptions.DataDirectory)}" : string.Empty;
            onNotice($"The index{where} is empty: add documents with 'assistant ingest PATH{data}'. (The sample corpus is only added by itself to the default index, ./data.)");
            return BootstrapOutcome.Empty;
        }

        using var exclusive = IngestLock.TryAcquireExclusive(storeOptions.DataDirectory);
        if (exclusive is null)
        {
            onNotice("another ingest is running into this index; not adding the sample corpus");
            return BootstrapOutcome.Filling;
        }

        // Asked again under the lock: an ingest may have finished between the first look and the lock.
        if (await HasDocumentsAsync(cancellationToken)) return BootstrapOutcome.Ready;
        var corpus = FindCorpus(configuration["SampleCorpusPath"] ?? "docs-corpus");
        if (corpus is null)
        {
            onNotice("The index is empty and no docs-corpus folder was found: run 'assistant ingest PATH' first.");
            return BootstrapOutcome.Empty;
        }

        onNotice($"The index is empty: ingesting the sample corpus {corpus} first…");
        var report = await pipeline().IngestAsync(new IngestRequest([corpus]), null, cancellationToken);
        onNotice($"Indexed {report.Count(IngestOutcome.Added)} documents ({report.Chunks} chunks) in {report.Elapsed.TotalSeconds:0.0} s.");
        foreach (var failed in report.Files.Where(f => f.Outcome == IngestOutcome.Failed))
        {
            onNotice($"  failed {failed.Path}: {failed.Reason}");
        }

        return BootstrapOutcome.Ready;
    }

    private static string Quote(string path) => path.Any(char.IsWhiteSpace) || path.Contains('\'') ? $"\"{path}\"" : path;

    /// <summary>The embedded store in <c>./data</c> of the current folder: what a fresh clone uses with no settings.</summary>
    public static bool IsDefaultIndex(StoreOptions options) =>
        options.VectorStore == VectorStoreKind.Embedded
        && string.Equals(
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.DataDirectory)),
            Path.GetFullPath(StoreOptions.DefaultDataDirectory),
            OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private async Task<bool> HasDocumentsAsync(CancellationToken cancellationToken) =>
        (await store.GetStatsAsync(cancellationToken)).Documents > 0;

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

public enum BootstrapOutcome
{
    /// <summary>The index has documents (it had them, or the sample corpus was just added).</summary>
    Ready,

    /// <summary>Empty, and another process holds the ingest lock: it is being filled right now.</summary>
    Filling,

    /// <summary>Empty, and nothing will fill it by itself.</summary>
    Empty,
}
