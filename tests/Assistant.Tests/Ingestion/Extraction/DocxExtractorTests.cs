using System.IO.Compression;
using Assistant.Core.Documents;
using Assistant.Core.Ingestion.Extraction;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Ingestion.Extraction;

public sealed class DocxExtractorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Heading_styles_build_the_section_path_and_tables_become_rows()
    {
        var path = _dir.Combine("policy.docx");
        new DocxBuilder()
            .Heading(1, "Refund Policy")
            .Paragraph("Refunds are accepted within 30 days.")
            .Heading(2, "Exceptions")
            .Paragraph("Gift cards cannot be refunded.")
            .Table(["Item", "Days"], ["Laptop", "14"], ["Book", "30"])
            .Heading(2, "Contact")
            .Paragraph("Write to support.")
            .Save(path);

        var doc = await new DocxExtractor().ExtractAsync(path, CancellationToken.None);

        Assert.Equal("docx", doc.Format);
        Assert.Equal("Refund Policy", doc.Title);
        var heading = MarkdownExtractorTests.Block(doc, "Exceptions");
        Assert.Equal(BlockKind.Heading, heading.Kind);
        Assert.Equal(["Refund Policy"], MarkdownExtractorTests.Block(doc, "within 30 days").SectionPath);
        Assert.Equal(["Refund Policy", "Exceptions"], MarkdownExtractorTests.Block(doc, "Gift cards").SectionPath);
        var table = MarkdownExtractorTests.Block(doc, "Laptop");
        Assert.Equal(BlockKind.Table, table.Kind);
        Assert.Equal("Item | Days\nLaptop | 14\nBook | 30", table.Text);
        Assert.Equal(["Refund Policy", "Exceptions"], table.SectionPath);
        Assert.Equal(["Refund Policy", "Contact"], MarkdownExtractorTests.Block(doc, "Write to support").SectionPath);
        Assert.All(doc.Blocks, b => Assert.Null(b.Page));
    }

    [Fact]
    public async Task Localised_style_ids_are_recognised_by_their_heading_style_name()
    {
        var path = _dir.Combine("fr.docx");
        new DocxBuilder { Title = "Package title" }
            .DefineStyle("Titre1", "heading 1")
            .DefineStyle("Titre2", "heading 2")
            .Styled("Titre1", "Chapitre")
            .Styled("Titre2", "Section")
            .Paragraph("Texte du corps.")
            .Save(path);

        var doc = await new DocxExtractor().ExtractAsync(path, CancellationToken.None);

        Assert.Equal(["Chapitre", "Section"], MarkdownExtractorTests.Block(doc, "Texte du corps").SectionPath);
        Assert.Equal("Package title", doc.Title);
    }

    [Fact]
    public async Task Random_bytes_are_rejected_as_corrupt()
    {
        var path = _dir.WriteBytes("broken.docx", RandomBytes(4096));

        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => new DocxExtractor().ExtractAsync(path, CancellationToken.None));

        Assert.Contains(".docx", ex.Reason);
    }

    [Fact]
    public async Task A_zip_without_a_word_document_is_rejected()
    {
        var path = _dir.Combine("empty.docx");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            writer.Write("not a word document");
        }

        await Assert.ThrowsAsync<DocumentRejectedException>(() => new DocxExtractor().ExtractAsync(path, CancellationToken.None));
    }

    internal static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(42).NextBytes(bytes);
        bytes[0] = 0x50; // "PK": looks like a zip at first glance, as a damaged download would.
        bytes[1] = 0x4B;
        return bytes;
    }
}
