using Assistant.Core.Documents;
using Assistant.Core.Ingestion.Extraction;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Ingestion.Extraction;

public sealed class PlainTextExtractorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Blank_lines_separate_paragraphs_and_there_are_no_sections()
    {
        var path = _dir.Write("notes.txt", "First paragraph, line one.\nline two.\r\n\r\n\n  Second paragraph.  \n\n\n# not a heading alone\n");

        var doc = await new PlainTextExtractor().ExtractAsync(path, CancellationToken.None);

        Assert.Equal("txt", doc.Format);
        Assert.Equal(["First paragraph, line one.\nline two.", "Second paragraph.", "# not a heading alone"], doc.Blocks.Select(b => b.Text));
        Assert.All(doc.Blocks, b =>
        {
            Assert.Empty(b.SectionPath);
            Assert.Null(b.Page);
            Assert.Equal(BlockKind.Paragraph, b.Kind);
        });
    }

    [Fact]
    public async Task Markdown_saved_as_txt_keeps_its_headings_as_sections()
    {
        var path = _dir.Write("notes.txt", "# 회의록\n\n## 결정 사항\n\n예산을 승인했다.\n\n## 다음 단계\n\n- 일정 공유\n");

        var doc = await new PlainTextExtractor().ExtractAsync(path, CancellationToken.None);

        Assert.Equal("txt", doc.Format);
        Assert.Equal(["회의록", "결정 사항"], MarkdownExtractorTests.Block(doc, "예산을").SectionPath);
        var item = MarkdownExtractorTests.Block(doc, "일정 공유");
        Assert.Equal(["회의록", "다음 단계"], item.SectionPath);
        Assert.Equal(BlockKind.ListItem, item.Kind);
    }

    [Fact]
    public async Task Lines_underlined_with_dashes_or_equals_signs_become_sections()
    {
        var path = _dir.Write("release-notes.txt", """
            PRODUCT RELEASE NOTES
            Versions 4.3 and 4.4

            Release history
            ===============

            4.4.0 (2025-06-10)
            ------------------

            New
            - Web clipper for Firefox.

            4.3.0 (2025-03-18)
            ------------------
            Public API v2 adds webhooks.

            A dash line under a long sentence is not a heading because the line is much shorter than the sentence.
            ---
            """.Replace("\n", "\r\n"));

        var doc = await new PlainTextExtractor().ExtractAsync(path, CancellationToken.None);

        Assert.Empty(MarkdownExtractorTests.Block(doc, "PRODUCT RELEASE NOTES").SectionPath);
        Assert.Equal(["Release history", "4.4.0 (2025-06-10)"], MarkdownExtractorTests.Block(doc, "Web clipper").SectionPath);
        var api = MarkdownExtractorTests.Block(doc, "Public API v2");
        Assert.Equal(["Release history", "4.3.0 (2025-03-18)"], api.SectionPath);
        Assert.Equal("Public API v2 adds webhooks.", api.Text);
        Assert.Equal(
            ["Release history", "4.4.0 (2025-06-10)", "4.3.0 (2025-03-18)"],
            doc.Blocks.Where(b => b.Kind == BlockKind.Heading).Select(b => b.Text));
        Assert.Equal(BlockKind.Paragraph, MarkdownExtractorTests.Block(doc, "A dash line").Kind);
    }

    [Fact]
    public async Task A_single_underlined_line_is_not_enough_to_read_the_file_as_sectioned()
    {
        var path = _dir.Write("notes.txt", "Totals\n------\n\n42 items counted.\n");

        var doc = await new PlainTextExtractor().ExtractAsync(path, CancellationToken.None);

        Assert.All(doc.Blocks, b => Assert.Equal(BlockKind.Paragraph, b.Kind));
    }

    [Fact]
    public async Task Legacy_cp949_korean_is_decoded()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var path = _dir.WriteBytes("legacy.txt", System.Text.Encoding.GetEncoding(949).GetBytes("환불 정책은 구매 후 30일까지입니다."));

        var doc = await new PlainTextExtractor().ExtractAsync(path, CancellationToken.None);

        Assert.Equal("환불 정책은 구매 후 30일까지입니다.", Assert.Single(doc.Blocks).Text);
    }
}
