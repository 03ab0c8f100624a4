using Assistant.Core.Documents;
using Assistant.Core.Ingestion.Extraction;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Ingestion.Extraction;

public sealed class HtmlExtractorTests : IDisposable
{
    private const string Page = """
        <!doctype html>
        <html><head><title>Handbook Page</title>
        <style>.secretstyle { color: red }</style>
        <script>var token = 'scriptword';</script></head>
        <body>
          <h1>Top</h1>
          <p>Intro   text
             across lines.</p>
          <h2>Sub</h2>
          <ul><li>Item one</li><li><p>Item two</p></li></ul>
          <h3>Deep</h3>
          <table><tr><th>Key</th><th>Value</th></tr><tr><td>alpha</td><td>1</td></tr></table>
          <h2>Other</h2>
          <p>Other text.</p>
          <noscript>noscriptword</noscript>
          <script>track('scriptword2')</script>
        </body></html>
        """;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Headings_h1_to_h3_build_the_section_path()
    {
        var doc = await Extract();

        Assert.Equal(["Top"], MarkdownExtractorTests.Block(doc, "Intro").SectionPath);
        Assert.Equal(["Top", "Sub"], MarkdownExtractorTests.Block(doc, "Item one").SectionPath);
        Assert.Equal(["Top", "Sub", "Deep"], MarkdownExtractorTests.Block(doc, "alpha").SectionPath);
        Assert.Equal(["Top", "Other"], MarkdownExtractorTests.Block(doc, "Other text").SectionPath);
        Assert.Equal("Handbook Page", doc.Title);
        Assert.Equal("html", doc.Format);
    }

    [Fact]
    public async Task Paragraphs_list_items_and_table_rows_become_blocks()
    {
        var doc = await Extract();

        Assert.Equal("Intro text across lines.", MarkdownExtractorTests.Block(doc, "Intro").Text);
        Assert.Equal(BlockKind.ListItem, MarkdownExtractorTests.Block(doc, "Item one").Kind);
        // The <p> inside the <li> is part of the list item, not a second block.
        Assert.Single(doc.Blocks, b => b.Text.Contains("Item two"));
        Assert.Equal(BlockKind.ListItem, MarkdownExtractorTests.Block(doc, "Item two").Kind);
        var rows = doc.Blocks.Where(b => b.Kind == BlockKind.Table).Select(b => b.Text).ToList();
        Assert.Equal(["Key | Value", "alpha | 1"], rows);
    }

    [Fact]
    public async Task Script_style_and_noscript_are_removed()
    {
        var doc = await Extract();

        Assert.DoesNotContain("scriptword", doc.FullText);
        Assert.DoesNotContain("secretstyle", doc.FullText);
        Assert.DoesNotContain("noscriptword", doc.FullText);
    }

    [Fact]
    public async Task A_page_of_bare_divs_falls_back_to_its_visible_text()
    {
        var path = _dir.Write("divs.htm", "<html><body><div>Only a div with words.</div><script>x()</script></body></html>");

        var doc = await new HtmlExtractor().ExtractAsync(path, CancellationToken.None);

        Assert.Equal("Only a div with words.", Assert.Single(doc.Blocks).Text);
    }

    private async Task<ExtractedDocument> Extract() =>
        await new HtmlExtractor().ExtractAsync(_dir.Write("page.html", Page), CancellationToken.None);

    [Fact]
    public async Task A_hundred_thousand_nested_divs_are_refused_by_depth_before_parsing()
    {
        var path = _dir.Write("nested.html", "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 100_000)) + "<p>deep</p>" + string.Concat(Enumerable.Repeat("</div>", 100_000)) + "</body></html>");

        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => new HtmlExtractor().ExtractAsync(path, CancellationToken.None));

        Assert.Contains("nested more than 256 deep (Ingestion:MaxNestingDepth)", ex.Reason);
    }

    [Fact]
    public async Task Deep_but_plausible_nesting_and_sloppy_unclosed_paragraphs_and_items_are_read()
    {
        var deep = string.Concat(Enumerable.Repeat("<div class=\"x\"><span>", 100)) + "<p>Deep pelican." + string.Concat(Enumerable.Repeat("</span></div>", 100));
        var sloppy = "<ul>" + string.Concat(Enumerable.Range(0, 2000).Select(i => $"<li>item {i}")) + "</ul>" + string.Concat(Enumerable.Range(0, 2000).Select(i => $"<p>para {i}<br><img src=x.png>"));
        var path = _dir.Write("ok.html", $"<html><head><script>if (a<b) {{ document.write('<div><div><div>'); }}</script></head><body>{deep}{sloppy}</body></html>");

        var doc = await new HtmlExtractor().ExtractAsync(path, CancellationToken.None);

        Assert.Contains(doc.Blocks, b => b.Text == "Deep pelican.");
        Assert.Contains(doc.Blocks, b => b.Text == "item 1999");
        Assert.Contains(doc.Blocks, b => b.Text == "para 1999");
    }
}
