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
        Assert.Equal("more than 250,000 paragraphs, headings and list items in one file (Ingestion:MaxBlocksPerFile): split the file", report.For(bomb).Reason);
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

    [Theory]
    [InlineData("utf8")]
    [InlineData("utf16")]
    public void The_block_estimate_counts_paragraphs_headings_and_list_items_on_bytes_and_text(string encoding)
    {
        const string text = "# Title\n\nFirst paragraph\nstill the first.\n\n- item\n- item\n1. one\n2) two\n> quote\n\n  Indented paragraph.\n";
        // 8 blocks: heading, paragraph, 2 items, 2 numbered items, quote, indented paragraph.
        var bytes = encoding == "utf8" ? System.Text.Encoding.UTF8.GetBytes(text) : [0xFF, 0xFE, .. System.Text.Encoding.Unicode.GetBytes(text)];

        BlockBudget.CheckText(text, 8);
        BlockBudget.CheckBytes(bytes, 8);
        var ex = Assert.Throws<DocumentRejectedException>(() => BlockBudget.CheckText(text, 7));
        Assert.StartsWith("more than 7 paragraphs", ex.Reason);
        if (encoding == "utf8") Assert.Throws<DocumentRejectedException>(() => BlockBudget.CheckBytes(bytes, 7));
        else BlockBudget.CheckBytes(bytes, 7); // UTF-16 is left to the check on decoded text
    }

    /// <summary>Blocks like a parser stuck in a loop: ignores the token and never returns in time.</summary>
    private sealed class StuckExtractor : IDocumentExtractor
    {
        public IReadOnlyCollection<string> Extensions { get; } = [".slow"];

        public Task<ExtractedDocument> ExtractAsync(string path, byte[] content, CancellationToken cancellationToken)
        {
            Thread.Sleep(TimeSpan.FromSeconds(8));
            return Task.FromResult(new ExtractedDocument(path, "slow", [new TextBlock("late", [], null)]));
        }
    }
}
