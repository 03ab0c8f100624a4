using Assistant.Core.Documents;
using Assistant.Core.Ingestion;
using Assistant.Core.Ingestion.Chunking;
using Assistant.Core.Ingestion.Extraction;
using Assistant.Core.Storage.Sqlite;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Ingestion;

/// <summary>
/// The pipeline prepares the next file (read, extract, normalise, chunk) while the current one is stored: the
/// outcomes must be exactly those of one file at a time, and files already indexed must not be extracted again.
/// </summary>
public sealed class IngestionPipelineReadAheadTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly SqliteKnowledgeStore _store;
    private readonly CountingExtractor _markdown = new(new MarkdownExtractor());
    private readonly IngestionPipeline _pipeline;

    public IngestionPipelineReadAheadTests()
    {
        _store = new SqliteKnowledgeStore(_dir.Combine("data", "assistant.db"));
        _pipeline = new IngestionPipeline(
            _store,
            new ExtractorRegistry([_markdown, new PlainTextExtractor()]),
            new DocumentNormalizer(),
            new StructureAwareChunker(new ChunkingOptions()),
            new IngestionOptions(),
            TimeProvider.System);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Re_ingesting_unchanged_files_hashes_them_without_extracting()
    {
        for (var i = 0; i < 6; i++) _dir.Write($"docs/note{i}.md", Note(i));

        var first = await IngestAsync();
        Assert.Equal(6, first.Count(IngestOutcome.Added));
        Assert.Equal(6, _markdown.Calls);

        var second = await IngestAsync();

        Assert.All(second.Files, f => Assert.Equal(IngestOutcome.Unchanged, f.Outcome));
        Assert.Equal(6, _markdown.Calls);
    }

    [Fact]
    public async Task Duplicates_within_one_batch_and_failures_are_decided_in_file_order()
    {
        var original = Note(20);
        _dir.Write("docs/a.md", original);
        _dir.Write("docs/b.md", original); // exact copy of a, which is not indexed yet when b is read ahead
        _dir.WriteBytes("docs/c.md", [0x41, 0x00, 0x42]);
        _dir.Write("docs/d.md", original.Replace("# ", "# Copy of ", StringComparison.Ordinal)); // near-duplicate of a
        _dir.Write("docs/e.md", Note(21));

        var report = await IngestAsync();

        Assert.Equal(["a.md", "b.md", "c.md", "d.md", "e.md"], report.Files.Select(f => Path.GetFileName(f.Path)));
        Assert.Equal(
            [IngestOutcome.Added, IngestOutcome.Skipped, IngestOutcome.Failed, IngestOutcome.Skipped, IngestOutcome.Added],
            report.Files.Select(f => f.Outcome));
        Assert.StartsWith("duplicate of", report.Files[1].Reason);
        Assert.StartsWith("binary content", report.Files[2].Reason);
        Assert.StartsWith("near-duplicate of", report.Files[3].Reason);
        Assert.Equal(2, (await _store.GetStatsAsync(CancellationToken.None)).Documents);
    }

    [Fact]
    public async Task A_copy_whose_original_changes_earlier_in_the_batch_is_read_again_and_indexed()
    {
        _dir.Write("docs/a.md", Note(30));
        await IngestAsync();
        // b.md holds a's old text, so it looks like a duplicate when the batch starts and is not extracted ahead;
        // a.md changes first in the batch, so b.md must be read again (its bytes were let go) and indexed.
        _dir.Write("docs/b.md", Note(30));
        _dir.Write("docs/a.md", Note(31));

        var report = await IngestAsync();

        Assert.Equal([IngestOutcome.Updated, IngestOutcome.Added], report.Files.Select(f => f.Outcome));
        Assert.Equal(3, _markdown.Calls);
        Assert.Equal(2, (await _store.GetStatsAsync(CancellationToken.None)).Documents);
    }

    private static string Note(int seed) => $"# Note {seed}\n\n{TextFactory.Prose(seed)}\n";

    private Task<IngestReport> IngestAsync() => _pipeline.IngestAsync(new IngestRequest([_dir.Combine("docs")]), null, CancellationToken.None);

    private sealed class CountingExtractor(IDocumentExtractor inner) : IDocumentExtractor
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public IReadOnlyCollection<string> Extensions => inner.Extensions;

        public Task<ExtractedDocument> ExtractAsync(string path, byte[] content, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return inner.ExtractAsync(path, content, cancellationToken);
        }
    }
}
