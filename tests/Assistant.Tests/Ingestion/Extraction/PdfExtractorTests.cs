using Assistant.Core.Documents;
using Assistant.Core.Ingestion.Chunking;
using Assistant.Core.Ingestion.Extraction;
using Assistant.Tests.TestSupport;
using UglyToad.PdfPig;

namespace Assistant.Tests.Ingestion.Extraction;

public sealed class PdfExtractorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    internal static string KoreanSample => Path.Combine(RepoPaths.Root, "tests", "Assistant.Tests", "Fixtures", "pdf", "korean-sample.pdf");

    [Fact]
    public async Task Each_block_keeps_the_page_it_came_from()
    {
        var path = _dir.WriteBytes("two-pages.pdf", MiniPdf.Create(
            [
                [["Alpha paragraph on the first page."], ["Second paragraph, wrapped over", "two lines of the page."]],
                [["Beta paragraph on the second page."]],
            ]));

        var doc = await new PdfExtractor().ExtractAsync(path, CancellationToken.None);

        Assert.Equal("pdf", doc.Format);
        Assert.Equal(1, MarkdownExtractorTests.Block(doc, "Alpha paragraph").Page);
        // A page breaks lines where it must; the extractor joins a paragraph's lines back into one block.
        var wrapped = MarkdownExtractorTests.Block(doc, "Second paragraph");
        Assert.Equal("Second paragraph, wrapped over two lines of the page.", wrapped.Text);
        Assert.Equal(1, wrapped.Page);
        Assert.Equal(2, MarkdownExtractorTests.Block(doc, "Beta paragraph").Page);
        Assert.Equal(3, doc.Blocks.Count);
        Assert.All(doc.Blocks, b => Assert.Empty(b.SectionPath));
    }

    [Theory]
    [InlineData("72.4 720", "fake bold: drawn twice, a hair apart")]
    [InlineData("72 720", "a fill pass and a stroke pass at the same place")]
    [InlineData("73 719", "a shadow one point off")]
    public async Task A_heading_drawn_twice_over_itself_is_read_once(string secondOrigin, string why)
    {
        const string body = "BT /F1 11 Tf 72 680 Td (Use at least twelve characters for a password.) Tj ET";
        var content = $"BT /F1 16 Tf 72 720 Td (Passwords) Tj ET BT /F1 16 Tf {secondOrigin} Td (Passwords) Tj ET {body}";
        var path = _dir.WriteBytes("overprint.pdf", MiniPdf.FromContentStreams([content]));

        var doc = await new PdfExtractor().ExtractAsync(path, CancellationToken.None);

        // Before: "Passwords Passwords" (or the copies interleaved letter by letter at the same place).
        var text = string.Join(" ", doc.Blocks.Select(b => b.Text));
        Assert.True(text == "Passwords Use at least twelve characters for a password.", $"{why}: {text}");
    }

    [Fact]
    public async Task The_same_word_twice_side_by_side_is_not_a_copy()
    {
        var content = "BT /F1 12 Tf 72 720 Td (Bye bye, and bye again.) Tj ET";
        var path = _dir.WriteBytes("repeat.pdf", MiniPdf.FromContentStreams([content]));

        var doc = await new PdfExtractor().ExtractAsync(path, CancellationToken.None);

        Assert.Equal("Bye bye, and bye again.", Assert.Single(doc.Blocks).Text);
    }

    [Fact]
    public async Task Chunks_of_a_pdf_never_mix_pages()
    {
        var path = _dir.WriteBytes("pages.pdf", MiniPdf.Create("Page one says hello.", "Page two says goodbye.", "Page three says nothing."));

        var doc = await new PdfExtractor().ExtractAsync(path, CancellationToken.None);
        var chunks = new StructureAwareChunker(new ChunkingOptions()).Chunk("d", doc);

        Assert.Equal([1, 2, 3], chunks.Select(c => c.Page ?? 0));
        Assert.Equal(["Page one says hello.", "Page two says goodbye.", "Page three says nothing."], chunks.Select(c => c.Text));
    }

    [Fact]
    public async Task Korean_cid_font_pdf_extracts_hangul_with_its_pages_in_reading_order()
    {
        var doc = await new PdfExtractor().ExtractAsync(KoreanSample, CancellationToken.None);

        Assert.Equal([1, 2, 3], doc.Blocks.Select(b => b.Page ?? 0).Distinct());
        var page1 = doc.Blocks.Where(b => b.Page == 1).Select(b => b.Text).ToList();
        Assert.Equal("사내 LLM 도입 평가 체크리스트", page1[0]);
        Assert.Equal("1. 평가 준비", page1[1]);
        // Two wrapped lines joined at the space where the page broke them, and spacing inside lines as written.
        Assert.Equal(
            "이 체크리스트는 고객 상담 챗봇에 쓸 LLM을 고르기 위해 4주 동안 진행한 파일럿에서 실제로 사용한 평가 항목을 정리한 것입니다. "
            + "후보는 상용 API 모델 두 개와 사내 GPU 서버에서 돌리는 오픈소스 모델 한 개였습니다.",
            page1[2]);
        Assert.Contains("계산식은 TPS = 총 처리 토큰 수 ÷ 걸린 시간(초)입니다.", page1[4]);

        // Page 2 is drawn in reading order, so its table keeps its rows (the geometric detector would read it column-wise).
        var page2 = doc.Blocks.Where(b => b.Page == 2).Select(b => b.Text).ToList();
        Assert.Equal("3. 두 단 레이아웃 / Two-column layout", page2[0]);
        Assert.True(page2.IndexOf("지표") < page2.IndexOf("목표") && page2.IndexOf("목표") < page2.IndexOf("p95 응답 시간"), string.Join(" | ", page2));

        // Page 3 draws the right column first and the heading last: geometry puts them back in reading order.
        var page3 = doc.Blocks.Where(b => b.Page == 3).Select(b => b.Text).ToList();
        Assert.Equal("4. 그리는 순서가 뒤섞인 페이지 / Drawn out of order", page3[0]);
        Assert.StartsWith("이 체크리스트는 고객 상담 챗봇에 쓸 LLM을 고르기 위해", page3[1]);
        Assert.Contains(page3, t => t.StartsWith("Retrieval quality is measured with recall@k", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_sample_corpus_pdf_keeps_its_three_pages()
    {
        var doc = await new PdfExtractor().ExtractAsync(Path.Combine(RepoPaths.DocsCorpus, "evaluation", "rag-evaluation-playbook.pdf"), CancellationToken.None);

        Assert.Equal([1, 2, 3], doc.Blocks.Select(b => b.Page ?? 0).Distinct());
        Assert.Equal("RAG Evaluation Playbook", doc.Blocks[0].Text);
        Assert.Equal(2, MarkdownExtractorTests.Block(doc, "Our release gate requires a hit rate at 5 of at least 0.85").Page);
        Assert.Equal("RAG Evaluation Playbook - page 3 of 3", doc.Blocks[^1].Text);
    }

    [Fact]
    public async Task Line_end_hyphens_are_mended_unless_the_word_has_a_real_hyphen()
    {
        var path = _dir.WriteBytes("hyphens.pdf", MiniPdf.Create(
            [
                [
                    ["The docu-", "ment covers e-", "mail, well-", "known state-of-the-", "art tools and GPT-", "4o models."],
                    ["Elsewhere the well-known rule holds."],
                ],
            ]));

        var doc = await new PdfExtractor().ExtractAsync(path, CancellationToken.None);

        Assert.Equal("The document covers e-mail, well-known state-of-the-art tools and GPT-4o models.", doc.Blocks[0].Text);
    }

    [Fact]
    public async Task An_encrypted_pdf_is_rejected_as_needing_a_password()
    {
        var bytes = EncryptedPdf.Create("Confidential salary table.", userPassword: "secret");
        // The fixture is a genuine encrypted PDF: with the password PdfPig reads the text.
        using (var withPassword = PdfDocument.Open(bytes, new ParsingOptions { Password = "secret" }))
        {
            Assert.Contains("Confidential", withPassword.GetPage(1).Text);
        }

        var path = _dir.WriteBytes("locked.pdf", bytes);

        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => new PdfExtractor().ExtractAsync(path, CancellationToken.None));

        Assert.Equal("encrypted PDF: needs a password (save an unprotected copy to index it)", ex.Reason);
    }

    [Fact]
    public async Task Random_bytes_are_rejected_before_parsing()
    {
        var path = _dir.WriteBytes("random.pdf", DocxExtractorTests.RandomBytes(2048));

        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => new PdfExtractor().ExtractAsync(path, CancellationToken.None));

        Assert.Contains("%PDF-", ex.Reason);
    }

    [Fact]
    public async Task A_truncated_pdf_is_rejected_as_corrupt()
    {
        var full = MiniPdf.Create("Some text that will be cut off.");
        var path = _dir.WriteBytes("truncated.pdf", full[..40]);

        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => new PdfExtractor().ExtractAsync(path, CancellationToken.None));

        Assert.StartsWith("corrupt or unreadable PDF", ex.Reason);
    }

    [Fact]
    public async Task A_page_without_a_text_layer_yields_no_blocks()
    {
        var path = _dir.WriteBytes("scan.pdf", MiniPdf.Create([[], [["Only the second page has text."]]]));

        var doc = await new PdfExtractor().ExtractAsync(path, CancellationToken.None);

        var block = Assert.Single(doc.Blocks);
        Assert.Equal(2, block.Page);
    }

    [Fact]
    public async Task Extraction_is_bounded_by_size_and_time()
    {
        var path = _dir.WriteBytes("pages.pdf", MiniPdf.Create("One.", "Two.", "Three."));

        var tooBig = await Assert.ThrowsAsync<DocumentRejectedException>(() => new PdfExtractor(maxFileBytes: 100).ExtractAsync(path, CancellationToken.None));
        var tooSlow = await Assert.ThrowsAsync<DocumentRejectedException>(() => new PdfExtractor(timeout: TimeSpan.Zero).ExtractAsync(path, CancellationToken.None));

        Assert.Contains("Ingestion:MaxFileSizeMegabytes", tooBig.Reason);
        Assert.StartsWith("PDF text extraction took longer than 0 s (stopped before page 1 of 3)", tooSlow.Reason);
    }

    [Theory]
    [InlineData(new[] { 0, 0, 1, 1, 2 }, 0.0)] // drawn in reading order
    [InlineData(new[] { 2, 2, 0, 0, 1, 1 }, 2 / 6.0)] // one block drawn first
    [InlineData(new[] { 0, 2, 0, 2, 1, 3, 1, 3 }, 3 / 8.0)] // lines drawn alternately across two columns
    [InlineData(new[] { -1, 0, -1, 1 }, 0.0)] // letters outside any block do not count
    public void Displaced_share_measures_how_far_drawing_order_is_from_reading_order(int[] ranks, double expected) =>
        Assert.Equal(expected, PdfPageLayout.DisplacedShare(ranks), 6);
}
