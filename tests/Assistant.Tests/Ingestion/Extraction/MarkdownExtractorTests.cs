using Assistant.Core.Documents;
using Assistant.Core.Ingestion.Extraction;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Ingestion.Extraction;

public sealed class MarkdownExtractorTests : IDisposable
{
    private const string Guide = """
        ---
        title: Front matter title
        owner: frontmatterword
        ---
        # Guide

        Intro paragraph with **bold** and `code` text.

        ## Install

        - step one
        - step two

        ```bash
        dotnet build
        ```

        ### Linux

        | Name | Value |
        |------|-------|
        | alpha | 1 |

        ## Usage

        Final words.
        """;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Nested_headings_become_the_section_path_of_what_follows()
    {
        var doc = await Extract(Guide);

        Assert.Equal(["Guide"], Block(doc, "Intro paragraph").SectionPath);
        Assert.Equal(["Guide", "Install"], Block(doc, "step one").SectionPath);
        Assert.Equal(["Guide", "Install", "Linux"], Block(doc, "alpha").SectionPath);
        // A level-2 heading closes the level-3 section before it.
        Assert.Equal(["Guide", "Usage"], Block(doc, "Final words.").SectionPath);
        Assert.All(doc.Blocks, b => Assert.Null(b.Page));
        Assert.Equal("Guide", doc.Title);
        Assert.Equal("md", doc.Format);
    }

    [Fact]
    public async Task Headings_lists_code_and_tables_keep_their_kind_and_text()
    {
        var doc = await Extract(Guide);

        var heading = Block(doc, "Install");
        Assert.Equal(BlockKind.Heading, heading.Kind);
        Assert.Equal(["Guide", "Install"], heading.SectionPath);
        Assert.Equal("Intro paragraph with bold and code text.", Block(doc, "Intro").Text);
        Assert.Equal(BlockKind.ListItem, Block(doc, "step one").Kind);
        Assert.Equal(BlockKind.ListItem, Block(doc, "step two").Kind);
        var code = Block(doc, "dotnet build");
        Assert.Equal(BlockKind.Code, code.Kind);
        Assert.Equal("dotnet build", code.Text);
        var table = Block(doc, "alpha");
        Assert.Equal(BlockKind.Table, table.Kind);
        Assert.Equal("Name | Value\nalpha | 1", table.Text);
    }

    [Fact]
    public async Task Yaml_front_matter_is_not_indexed()
    {
        var doc = await Extract(Guide);

        Assert.DoesNotContain("frontmatterword", doc.FullText);
        Assert.DoesNotContain("Front matter title", doc.FullText);
        Assert.StartsWith("Guide", doc.FullText);
    }

    [Fact]
    public async Task Table_cells_are_not_repeated_as_paragraphs()
    {
        var doc = await Extract(Guide);

        Assert.Single(doc.Blocks, b => b.Text.Contains("alpha"));
    }

    [Fact]
    public async Task Utf8_bom_and_korean_headings_are_read()
    {
        var path = _dir.WriteBytes("ko.md", [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes("# 모델 평가\n\n## 비용\n\n토큰당 비용을 비교한다.\n")]);

        var doc = await new MarkdownExtractor().ExtractAsync(path, CancellationToken.None);

        Assert.Equal(["모델 평가", "비용"], Block(doc, "토큰당").SectionPath);
        Assert.Equal("모델 평가", doc.Title);
    }

    private async Task<ExtractedDocument> Extract(string markdown) =>
        await new MarkdownExtractor().ExtractAsync(_dir.Write("guide.md", markdown), CancellationToken.None);

    internal static TextBlock Block(ExtractedDocument doc, string contains) =>
        doc.Blocks.FirstOrDefault(b => b.Text.Contains(contains, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"no block contains '{contains}'; blocks: {string.Join(" | ", doc.Blocks.Select(b => b.Text))}");
}
