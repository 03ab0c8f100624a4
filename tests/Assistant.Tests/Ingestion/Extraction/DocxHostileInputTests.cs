using System.Text;
using Assistant.Core.Ingestion;
using Assistant.Core.Ingestion.Extraction;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Ingestion.Extraction;

/// <summary>.docx files that used to crash the batch or eat gigabytes, and text Word keeps in content controls.</summary>
public sealed class DocxHostileInputTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Thirty_thousand_nested_content_controls_fail_with_a_reason_instead_of_overflowing_the_stack()
    {
        var path = _dir.Combine("nested.docx");
        var body = new StringBuilder();
        for (var i = 0; i < 30_000; i++) body.Append("<w:sdt><w:sdtContent>");
        body.Append(RawDocx.Paragraph("deep inside"));
        for (var i = 0; i < 30_000; i++) body.Append("</w:sdtContent></w:sdt>");
        RawDocx.Write(path, body.ToString());
        Assert.True(new FileInfo(path).Length < 64 * 1024);
        // Such a file also compresses 300:1; lift that limit to show the depth limit holds on its own.
        var options = new IngestionOptions { MaxCompressionRatio = 100_000 };

        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => new DocxExtractor(options).ExtractAsync(path, CancellationToken.None));

        Assert.Contains("nested more than 256 deep (Ingestion:MaxNestingDepth)", ex.Reason);
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_by_its_compression_ratio_before_it_is_inflated()
    {
        var path = _dir.Combine("bomb.docx");
        var line = RawDocx.Paragraph("All work and no play makes a pelican a dull bird.");
        // ~60 MB of XML that deflates to a fraction of a megabyte.
        RawDocx.Write(path, w =>
        {
            w.Write($"<w:document xmlns:w=\"{RawDocx.Namespace}\"><w:body>");
            for (var i = 0; i < 800_000; i++) w.Write(line);
            w.Write("</w:body></w:document>");
        });

        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => new DocxExtractor().ExtractAsync(path, CancellationToken.None));

        Assert.Contains("compression ratio", ex.Reason);
        Assert.Contains("Ingestion:MaxCompressionRatio", ex.Reason);
        Assert.True(new FileInfo(path).Length < 2 * 1024 * 1024, $"{new FileInfo(path).Length} bytes");
    }

    [Fact]
    public async Task A_package_over_the_decompressed_size_limit_is_refused_with_the_setting_named()
    {
        var path = _dir.Combine("big.docx");
        var random = new Random(7);
        RawDocx.Write(path, w =>
        {
            w.Write($"<w:document xmlns:w=\"{RawDocx.Namespace}\"><w:body>");
            // Random words compress poorly, so the ratio stays normal and only the size is over.
            for (var i = 0; i < 40_000; i++) w.Write(RawDocx.Paragraph(string.Join(' ', Enumerable.Range(0, 8).Select(_ => random.Next().ToString("x")))));
            w.Write("</w:body></w:document>");
        });
        var options = new IngestionOptions { MaxDecompressedMegabytes = 1 };

        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => new DocxExtractor(options).ExtractAsync(path, CancellationToken.None));

        Assert.Contains("over the 1 MB limit (Ingestion:MaxDecompressedMegabytes)", ex.Reason);
    }

    [Fact]
    public async Task Text_inside_block_level_content_controls_and_custom_xml_is_read_in_order()
    {
        var path = _dir.Combine("controls.docx");
        RawDocx.Write(path,
            RawDocx.Paragraph("Before the control.") +
            "<w:sdt><w:sdtPr><w:alias w:val=\"Customer\"/></w:sdtPr><w:sdtContent>" + RawDocx.Paragraph("Inside a content control.") +
            "<w:sdt><w:sdtContent>" + RawDocx.Paragraph("Inside a nested control.") + "</w:sdtContent></w:sdt>" +
            "</w:sdtContent></w:sdt>" +
            "<w:tbl><w:tr><w:tc>" + "<w:sdt><w:sdtContent>" + RawDocx.Paragraph("Cell in a control.") + "</w:sdtContent></w:sdt>" + "</w:tc></w:tr></w:tbl>" +
            RawDocx.Paragraph("After the control."));

        var doc = await new DocxExtractor().ExtractAsync(path, CancellationToken.None);

        Assert.Equal(
            ["Before the control.", "Inside a content control.", "Inside a nested control.", "Cell in a control.", "After the control."],
            doc.Blocks.Select(b => b.Text).ToArray());
    }

    [Fact]
    public async Task A_document_that_is_one_content_control_is_not_reported_as_empty()
    {
        var path = _dir.Combine("form.docx");
        RawDocx.Write(path, "<w:sdt><w:sdtContent>" + RawDocx.Paragraph("The whole form lives in one control.") + "</w:sdtContent></w:sdt>");
        using var kb = new TestKnowledgeBase();
        var copy = kb.Dir.Combine("form.docx");
        File.Copy(path, copy);

        var report = await kb.IngestAsync(copy);

        Assert.Equal(IngestOutcome.Added, report.For(copy).Outcome);
        Assert.Contains("whole form", kb.Db.Text("SELECT text FROM chunks"));
    }
}
