using Assistant.Core.Documents;
using Assistant.Core.Ingestion.Chunking;
using Assistant.Core.Ingestion.Extraction;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Ingestion.Extraction;

public sealed class PdfExtractorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Each_block_keeps_the_page_it_came_from()
    {
        RequirePdfToText();
        var path = _dir.WriteBytes("two-pages.pdf", MiniPdf.Create(
            [
                [["Alpha paragraph on the first page."], ["Second paragraph, wrapped over", "two lines of the page."]],
                [["Beta paragraph on the second page."]],
            ]));

        var doc = await new PdfExtractor().ExtractAsync(path, CancellationToken.None);

        Assert.Equal("pdf", doc.Format);
        Assert.Equal(1, MarkdownExtractorTests.Block(doc, "Alpha paragraph").Page);
        // pdftotext breaks lines where the page did; the extractor joins them back into one paragraph.
        var wrapped = MarkdownExtractorTests.Block(doc, "Second paragraph");
        Assert.Equal("Second paragraph, wrapped over two lines of the page.", wrapped.Text);
        Assert.Equal(1, wrapped.Page);
        Assert.Equal(2, MarkdownExtractorTests.Block(doc, "Beta paragraph").Page);
        Assert.All(doc.Blocks, b => Assert.Empty(b.SectionPath));
    }

    [Fact]
    public async Task Chunks_of_a_pdf_never_mix_pages()
    {
        RequirePdfToText();
        var path = _dir.WriteBytes("pages.pdf", MiniPdf.Create("Page one says hello.", "Page two says goodbye.", "Page three says nothing."));

        var doc = await new PdfExtractor().ExtractAsync(path, CancellationToken.None);
        var chunks = new StructureAwareChunker(new ChunkingOptions()).Chunk("d", doc);

        Assert.Equal([1, 2, 3], chunks.Select(c => c.Page ?? 0));
        Assert.Equal(["Page one says hello.", "Page two says goodbye.", "Page three says nothing."], chunks.Select(c => c.Text));
    }

    [Fact]
    public async Task A_missing_pdftotext_names_the_package_to_install()
    {
        var path = _dir.WriteBytes("any.pdf", MiniPdf.Create("Text."));

        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(
            () => new PdfExtractor(_dir.Combine("no-such-bin", "pdftotext")).ExtractAsync(path, CancellationToken.None));

        Assert.Contains("poppler-utils", ex.Reason);
    }

    [Fact]
    public async Task Random_bytes_are_rejected_before_running_pdftotext()
    {
        var path = _dir.WriteBytes("random.pdf", DocxExtractorTests.RandomBytes(2048));

        // A non-existent binary proves the header check rejects the file without starting pdftotext.
        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(
            () => new PdfExtractor(_dir.Combine("no-such-bin")).ExtractAsync(path, CancellationToken.None));

        Assert.Contains("%PDF-", ex.Reason);
    }

    [Fact]
    public async Task A_truncated_pdf_is_rejected_with_pdftotexts_reason()
    {
        RequirePdfToText();
        var full = MiniPdf.Create("Some text that will be cut off.");
        var path = _dir.WriteBytes("truncated.pdf", full[..40]);

        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => new PdfExtractor().ExtractAsync(path, CancellationToken.None));

        Assert.Contains("PDF", ex.Reason);
    }

    /// <summary>CI installs poppler-utils, so its absence is a broken environment, not a reason to skip.</summary>
    internal static void RequirePdfToText()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "pdftotext")));
        Assert.True(found, "pdftotext is not on PATH: install poppler-utils (apt-get install -y poppler-utils); CI installs it, so PDF tests fail rather than skip without it.");
    }
}
