using Assistant.Core.Documents;
using Assistant.Core.Ingestion;
using Assistant.Core.Ingestion.Chunking;
using Assistant.Core.Ingestion.Extraction;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Ingestion;

/// <summary>Files that cost time or memory out of proportion: each fails alone, with its reason, and the batch goes on.</summary>
public sealed class IngestionPipelineBoundsTests : IDisposable
{
    private readonly TestKnowledgeBase _kb = new();

    public void Dispose() => _kb.Dispose();

    [Fact]
    public async Task A_file_whose_extraction_ignores_cancellation_fails_at_the_time_budget_and_the_batch_goes_on()
    {
        _kb.Options.MaxSecondsPerFile = 1;
        var registry = new ExtractorRegistry([new StuckExtractor(), new MarkdownExtractor(_kb.Options)]);
        var pipeline = new IngestionPipeline(_kb.Store, registry, new DocumentNormalizer(), new StructureAwareChunker(new ChunkingOptions()), _kb.Options, TimeProvider.System);
        var stuck = _kb.Dir.Write("batch/a-stuck.slow", "never read");
        var good = _kb.Dir.Write("batch/b-good.md", "# Good\n\nPelicans are fine.\n");

        var report = await pipeline.IngestAsync(new IngestRequest([_kb.Dir.Combine("batch")]), null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(IngestOutcome.Failed, report.For(stuck).Outcome);
        Assert.Equal("reading the file took longer than 1 s (Ingestion:MaxSecondsPerFile); the rest of the batch went on", report.For(stuck).Reason);
        Assert.Equal(IngestOutcome.Added, report.For(good).Outcome);
        _kb.Db.AssertConsistent();
    }

    [Fact]
    public async Task A_markdown_file_of_a_million_tiny_blocks_is_refused_before_parsing_with_the_setting_named()
    {
        var bomb = _kb.Dir.Write("bomb.md", string.Concat(Enumerable.Repeat("# Same heading again\n\n", 300_000)));
        var good = _kb.Dir.Write("good.md", "# Good\n\nPelicans are fine.\n");

        var report = await _kb.IngestAsync(bomb, good);

        Assert.Equal(IngestOutcome.Failed, report.For(bomb).Outcome);
        Assert.Contains("more than the 250,000 allowed in one file (Ingestion:MaxBlocksPerFile)", report.For(bomb).Reason);
        Assert.Equal(IngestOutcome.Added, report.For(good).Outcome);
    }

    [Fact]
    public async Task Many_repeated_headings_under_the_cap_become_many_chunks_each_within_the_target()
    {
        var path = _kb.Dir.Write("headings.md", string.Concat(Enumerable.Repeat("# Same heading again\n\n", 20_000)));

        var report = await _kb.IngestAsync(path);

        Assert.Equal(IngestOutcome.Added, report.For(path).Outcome);
        Assert.True(report.For(path).Chunks > 100, report.Describe());
        var largest = _kb.Db.Text("SELECT max(tokens) FROM chunks");
        Assert.InRange(int.Parse(largest), 1, new ChunkingOptions().TargetTokens);
    }

    /// <summary>Blocks like a parser stuck in a loop: ignores the token and never returns in time.</summary>
    private sealed class StuckExtractor : IDocumentExtractor
    {
        public IReadOnlyCollection<string> Extensions { get; } = [".slow"];

        public Task<ExtractedDocument> ExtractAsync(string path, CancellationToken cancellationToken)
        {
            Thread.Sleep(TimeSpan.FromSeconds(8));
            return Task.FromResult(new ExtractedDocument(path, "slow", [new TextBlock("late", [], null)]));
        }
    }
}
