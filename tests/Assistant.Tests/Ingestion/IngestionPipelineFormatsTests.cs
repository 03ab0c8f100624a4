using Assistant.Core.Ingestion;
using Assistant.Core.Retrieval;
using Assistant.Tests.Ingestion.Extraction;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Ingestion;

/// <summary>Every supported format end to end: file → pipeline → SQLite → keyword hit with its section and page.</summary>
public sealed class IngestionPipelineFormatsTests : IDisposable
{
    private readonly TestKnowledgeBase _kb = new();

    public void Dispose() => _kb.Dispose();

    [Fact]
    public async Task Each_format_is_searchable_with_its_section_and_page()
    {
        _kb.Dir.Write("docs/guide.md", "# Guide\n\n## Birds\n\nThe pelican dives for fish.\n");
        _kb.Dir.Write("docs/notes.txt", "A plain note about the walrus.\n\nSecond paragraph.\n");
        _kb.Dir.Write("docs/page.html", "<html><body><h1>Zoo</h1><h2>Cats</h2><p>The ocelot sleeps all day.</p></body></html>");
        new DocxBuilder().Heading(1, "Handbook").Heading(2, "Travel").Paragraph("Book the gondola early.").Save(_kb.Dir.Combine("docs", "handbook.docx"));
        _kb.Dir.WriteBytes("docs/manual.pdf", MiniPdf.Create("Introduction to the device.", "The narwhal appears on page two."));

        var report = await _kb.IngestAsync(_kb.Dir.Combine("docs"));

        Assert.True(report.Count(IngestOutcome.Added) == 5, report.Describe());
        await AssertHit("pelican", "guide.md", "Guide > Birds", null);
        await AssertHit("walrus", "notes.txt", string.Empty, null);
        await AssertHit("ocelot", "page.html", "Zoo > Cats", null);
        await AssertHit("gondola", "handbook.docx", "Handbook > Travel", null);
        await AssertHit("narwhal", "manual.pdf", string.Empty, 2);
        Assert.Equal(
            ["docx", "html", "md", "pdf", "txt"],
            (await _kb.Store.ListDocumentsAsync(default)).Select(d => d.Format).Order());
        _kb.Db.AssertConsistent();
    }

    [Fact]
    public async Task The_sample_corpus_pdf_is_searchable_with_page_citations()
    {
        var pdf = Path.Combine(RepoPaths.DocsCorpus, "evaluation", "rag-evaluation-playbook.pdf");

        var report = await _kb.IngestAsync(pdf);

        Assert.True(report.Count(IngestOutcome.Added) == 1, report.Describe());
        var hits = await _kb.Store.SearchAsync(new SearchQuery("release gate faithfulness score", 3, SearchMode.Keyword), default);
        Assert.Equal(pdf, hits[0].Source);
        Assert.Equal(2, hits[0].Page);
        Assert.Contains("faithfulness score of at least 0.90", hits[0].Text);
        var stale = await _kb.Store.SearchAsync(new SearchQuery("stale index re-indexed prices", 3, SearchMode.Keyword), default);
        Assert.Equal(3, stale[0].Page);
    }

    [Fact]
    public async Task Tags_and_knowledge_base_are_stored_and_filterable()
    {
        var a = _kb.Dir.Write("a.md", "# A\n\nThe lantern is red.\n");
        var b = _kb.Dir.Write("b.md", "# B\n\nThe lantern is blue.\n");
        await _kb.IngestAsync(new IngestRequest([a], Tags: ["hr"], KnowledgeBase: "team"));
        await _kb.IngestAsync(new IngestRequest([b]));

        var hits = await _kb.Store.SearchAsync(new SearchQuery("lantern", 5, SearchMode.Keyword, new SearchFilter(Tags: ["hr"], KnowledgeBase: "team")), default);

        Assert.Equal([a], hits.Select(h => h.Source));
        var doc = await _kb.Store.FindBySourceAsync(a, default);
        Assert.Equal(["hr"], doc!.Tags);
        Assert.Equal("team", doc.KnowledgeBase);
        Assert.NotNull(doc.Fingerprint);
        Assert.Equal(IngestionPipeline.DocumentIdFor(a), doc.Id);
    }

    private async Task AssertHit(string word, string file, string section, int? page)
    {
        var hits = await _kb.Store.SearchAsync(new SearchQuery(word, 5, SearchMode.Keyword), default);
        var hit = Assert.Single(hits);
        Assert.Equal(_kb.Dir.Combine("docs", file), hit.Source);
        Assert.Equal(section, hit.Section);
        Assert.Equal(page, hit.Page);
    }
}
