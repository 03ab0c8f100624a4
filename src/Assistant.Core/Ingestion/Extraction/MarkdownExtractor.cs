using System.Text;
using Assistant.Core.Documents;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Assistant.Core.Ingestion.Extraction;

/// <summary>.md: headings become the section path of everything under them; lists, code and tables stay whole blocks.</summary>
public sealed class MarkdownExtractor(IngestionOptions? options = null) : IDocumentExtractor
{
    private readonly int _maxBlocks = (options ?? new IngestionOptions()).MaxBlocksPerFile;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseGridTables()
        .UseYamlFrontMatter()
        .Build();

    public IReadOnlyCollection<string> Extensions { get; } = [".md", ".markdown"];

    public Task<ExtractedDocument> ExtractAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        BlockBudget.CheckBytes(bytes, _maxBlocks);
        var text = TextDecoder.Decode(bytes);
        BlockBudget.CheckText(text, _maxBlocks);
        return Task.FromResult(Extract(path, text));
    }

    internal static ExtractedDocument Extract(string path, string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        var blocks = new List<TextBlock>();
        var headings = new List<(int Level, string Text)>();
        IReadOnlyList<string> sectionPath = [];
        string? title = null;

        foreach (var block in document.Descendants<Block>())
        {
            switch (block)
            {
                case YamlFrontMatterBlock:
                    break;
                case HeadingBlock heading:
                    var text = InlineText(heading.Inline).Trim();
                    if (text.Length == 0) break;
                    headings.RemoveAll(h => h.Level >= heading.Level);
                    headings.Add((heading.Level, text));
                    sectionPath = Path(headings);
                    title ??= heading.Level == 1 ? text : null;
                    blocks.Add(new TextBlock(text, sectionPath, null, BlockKind.Heading));
                    break;
                case ParagraphBlock paragraph when paragraph.Parent is not TableCell:
                    var p = InlineText(paragraph.Inline).Trim();
                    if (p.Length == 0) break;
                    var kind = paragraph.Parent is ListItemBlock ? BlockKind.ListItem : BlockKind.Paragraph;
                    blocks.Add(new TextBlock(p, sectionPath, null, kind));
                    break;
                case CodeBlock code:
                    var c = code.Lines.ToString().Trim();
                    if (c.Length > 0) blocks.Add(new TextBlock(c, sectionPath, null, BlockKind.Code));
                    break;
                case Table table:
                    var rows = table.OfType<TableRow>()
                        .Select(r => string.Join(" | ", r.OfType<TableCell>().Select(CellText)))
                        .Where(r => r.Trim('|', ' ').Length > 0);
                    var t = string.Join("\n", rows);
                    if (t.Length > 0) blocks.Add(new TextBlock(t, sectionPath, null, BlockKind.Table));
                    break;
            }
        }

        return new ExtractedDocument(path, "md", blocks, title);
    }

    // One array per heading change, shared by the blocks under it (the normaliser and stores reuse it too).
    private static IReadOnlyList<string> Path(List<(int Level, string Text)> headings) => headings.Select(h => h.Text).ToArray();

    private static string CellText(TableCell cell) =>
        string.Join(" ", cell.Descendants<ParagraphBlock>().Select(p => InlineText(p.Inline).Trim()));

    internal static string InlineText(ContainerInline? inline)
    {
        if (inline is null) return string.Empty;
        var sb = new StringBuilder();
        Append(inline, sb);
        return sb.ToString();
    }

    private static void Append(Inline inline, StringBuilder sb)
    {
        switch (inline)
        {
            case LiteralInline literal:
                sb.Append(literal.Content.AsSpan());
                break;
            case CodeInline code:
                sb.Append(code.Content);
                break;
            case LineBreakInline:
                sb.Append('\n');
                break;
            case HtmlEntityInline entity:
                sb.Append(entity.Transcoded.AsSpan());
                break;
            case AutolinkInline autolink:
                sb.Append(autolink.Url);
                break;
            case ContainerInline container:
                foreach (var child in container) Append(child, sb);
                break;
        }
    }
}
