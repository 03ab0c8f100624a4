using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Assistant.Core.Documents;

namespace Assistant.Core.Ingestion.Extraction;

/// <summary>.html/.htm: h1–h6 build the section path; paragraphs, list items, table rows and preformatted text become blocks.</summary>
public sealed partial class HtmlExtractor(IngestionOptions? options = null) : IDocumentExtractor
{
    private const string BlockSelector = "h1,h2,h3,h4,h5,h6,p,li,pre,tr,blockquote,dt,dd,figcaption,caption";
    private readonly int _maxDepth = (options ?? new IngestionOptions()).MaxNestingDepth;

    public IReadOnlyCollection<string> Extensions { get; } = [".html", ".htm"];

    public async Task<ExtractedDocument> ExtractAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var html = TextDecoder.Decode(bytes);
        if (HtmlNestingScan.MaxDepth(html, _maxDepth) > _maxDepth)
        {
            throw new DocumentRejectedException($"elements nested more than {_maxDepth} deep (Ingestion:MaxNestingDepth): parsing it would take minutes, and no real page nests so deep");
        }

        var document = await new HtmlParser().ParseDocumentAsync(html, cancellationToken);
        return Extract(path, document);
    }

    internal static ExtractedDocument Extract(string path, string html) => Extract(path, new HtmlParser().ParseDocument(html));

    private static ExtractedDocument Extract(string path, IHtmlDocument document)
    {
        foreach (var noise in document.QuerySelectorAll("script,style,noscript,template,nav,svg").ToList())
        {
            noise.Remove();
        }

        var body = document.Body;
        if (body is null) return new ExtractedDocument(path, "html", []);

        var blocks = new List<TextBlock>();
        var headings = new List<(int Level, string Text)>();
        var selected = body.QuerySelectorAll(BlockSelector);
        var selectedSet = selected.ToHashSet();

        foreach (var element in selected)
        {
            // A paragraph inside a list item or quote is already part of that block's text.
            if (HasSelectedAncestor(element, selectedSet)) continue;
            var text = element.LocalName == "pre" ? element.TextContent.Trim() : Collapse(RowText(element));
            if (text.Length == 0) continue;

            if (element.LocalName is ['h', >= '1' and <= '6'])
            {
                var level = element.LocalName[1] - '0';
                headings.RemoveAll(h => h.Level >= level);
                headings.Add((level, text));
                blocks.Add(new TextBlock(text, headings.Select(h => h.Text).ToArray(), null, BlockKind.Heading));
                continue;
            }

            var kind = element.LocalName switch
            {
                "li" or "dt" or "dd" => BlockKind.ListItem,
                "pre" => BlockKind.Code,
                "tr" => BlockKind.Table,
                _ => BlockKind.Paragraph,
            };
            blocks.Add(new TextBlock(text, headings.Select(h => h.Text).ToArray(), null, kind));
        }

        if (blocks.Count == 0)
        {
            // Pages made of bare <div>s: fall back to the visible text, paragraph by blank line.
            blocks.AddRange(PlainTextExtractor.SplitParagraphs(body.TextContent, [], null));
        }

        var title = Collapse(document.Title ?? string.Empty);
        return new ExtractedDocument(path, "html", blocks, title.Length > 0 ? title : blocks.FirstOrDefault(b => b.Kind == BlockKind.Heading)?.Text);
    }

    private static string RowText(IElement element) =>
        element.LocalName == "tr"
            ? string.Join(" | ", element.Children.Where(c => c.LocalName is "td" or "th").Select(c => Collapse(c.TextContent)))
            : element.TextContent;

    private static bool HasSelectedAncestor(IElement element, HashSet<IElement> selected)
    {
        for (var parent = element.ParentElement; parent is not null; parent = parent.ParentElement)
        {
            if (selected.Contains(parent)) return true;
        }

        return false;
    }

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
