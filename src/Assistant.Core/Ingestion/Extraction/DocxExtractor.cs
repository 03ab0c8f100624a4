using System.IO.Packaging;
using Assistant.Core.Documents;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Assistant.Core.Ingestion.Extraction;

/// <summary>
/// .docx: paragraphs styled as headings (Heading1…, Title, or an outline level) build the section path. Text is read
/// from the body wherever Word keeps it there: paragraphs, tables, block-level content controls (<c>w:sdt</c>) and
/// custom XML blocks at any depth, text boxes inside paragraphs. Headers, footers, comments and footnotes are left
/// out: they repeat on every page (company name, page numbers) or sit beside the text rather than in it.
/// The package is checked first (<see cref="DocxPackageGuard"/>), so no file can exhaust memory or the stack.
/// </summary>
public sealed class DocxExtractor(IngestionOptions? options = null) : IDocumentExtractor
{
    private readonly DocxLimits _limits = DocxLimits.From(options ?? new IngestionOptions());

    public IReadOnlyCollection<string> Extensions { get; } = [".docx"];

    public Task<ExtractedDocument> ExtractAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        try
        {
            DocxPackageGuard.Check(content, _limits, cancellationToken);
            using var doc = WordprocessingDocument.Open(new MemoryStream(content, writable: false), isEditable: false);
            var body = doc.MainDocumentPart?.Document?.Body
                ?? throw new DocumentRejectedException("not a Word document: the package has no main document part");
            var styles = doc.MainDocumentPart!.StyleDefinitionsPart?.Styles;
            return Task.FromResult(Extract(path, body, styles, doc.PackageProperties.Title));
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or FileFormatException or InvalidDataException or System.Xml.XmlException)
        {
            throw new DocumentRejectedException($"corrupt or not a .docx file: {ex.Message}", ex);
        }
    }

    private static ExtractedDocument Extract(string path, Body body, Styles? styles, string? title)
    {
        var blocks = new List<TextBlock>();
        var headings = new List<(int Level, string Text)>();

        foreach (var element in BlockElements(body))
        {
            if (element is Paragraph paragraph)
            {
                var text = ParagraphText(paragraph);
                if (text.Length == 0) continue;
                var level = HeadingLevel(paragraph, styles);
                if (level is { } l)
                {
                    headings.RemoveAll(h => h.Level >= l);
                    headings.Add((l, text));
                    title ??= text;
                    blocks.Add(new TextBlock(text, headings.Select(h => h.Text).ToArray(), null, BlockKind.Heading));
                }
                else
                {
                    var kind = paragraph.ParagraphProperties?.NumberingProperties is not null ? BlockKind.ListItem : BlockKind.Paragraph;
                    blocks.Add(new TextBlock(text, headings.Select(h => h.Text).ToArray(), null, kind));
                }
            }
            else if (element is Table table)
            {
                // Rows and cells may sit inside row- or cell-level content controls.
                var rows = table.Elements<TableRow>().Concat(table.Elements<SdtRow>().SelectMany(s => s.Descendants<TableRow>()))
                    .Select(r => string.Join(" | ", r.Descendants<TableCell>().Select(c => string.Join(" ", c.Elements<Paragraph>().Concat(c.Elements<SdtBlock>().SelectMany(s => s.Descendants<Paragraph>())).Select(ParagraphText)).Trim())))
                    .Where(r => r.Trim('|', ' ').Length > 0);
                var t = string.Join("\n", rows);
                if (t.Length > 0) blocks.Add(new TextBlock(t, headings.Select(h => h.Text).ToArray(), null, BlockKind.Table));
            }
        }

        return new ExtractedDocument(path, "docx", blocks, string.IsNullOrWhiteSpace(title) ? null : title);
    }

    /// <summary>
    /// Paragraphs and tables in document order, looking inside block-level content controls and custom XML blocks
    /// (an explicit stack: the guard has bounded the depth, and recursion is not needed to honour it).
    /// </summary>
    private static IEnumerable<OpenXmlElement> BlockElements(Body body)
    {
        var pending = new Stack<IEnumerator<OpenXmlElement>>();
        pending.Push(body.ChildElements.GetEnumerator());
        while (pending.Count > 0)
        {
            var current = pending.Peek();
            if (!current.MoveNext())
            {
                pending.Pop().Dispose();
                continue;
            }

            var element = current.Current;
            if (element is Paragraph or Table) yield return element;
            else if (element is SdtBlock sdt && sdt.SdtContentBlock is { } content) pending.Push(content.ChildElements.GetEnumerator());
            else if (element is CustomXmlBlock custom) pending.Push(custom.ChildElements.GetEnumerator());
        }
    }

    private static string ParagraphText(Paragraph paragraph)
    {
        var parts = paragraph.Descendants().Select(e => e switch
        {
            DocumentFormat.OpenXml.Wordprocessing.Text t => t.Text,
            TabChar => "\t",
            Break or CarriageReturn => "\n",
            _ => null,
        });
        return string.Concat(parts.Where(p => p is not null)).Trim();
    }

    private static int? HeadingLevel(Paragraph paragraph, Styles? styles)
    {
        var props = paragraph.ParagraphProperties;
        if (props?.OutlineLevel?.Val?.Value is { } outline && outline < 9) return outline + 1;
        var styleId = props?.ParagraphStyleId?.Val?.Value;
        if (styleId is null) return null;
        if (styleId.Equals("Title", StringComparison.OrdinalIgnoreCase)) return 1;

        var name = styles?.Elements<Style>().FirstOrDefault(s => s.StyleId?.Value == styleId)?.StyleName?.Val?.Value ?? styleId;
        foreach (var candidate in new[] { styleId, name })
        {
            var compact = candidate.Replace(" ", string.Empty);
            if (compact.StartsWith("heading", StringComparison.OrdinalIgnoreCase) && int.TryParse(compact.AsSpan(7), out var level) && level is >= 1 and <= 9)
            {
                return level;
            }
        }

        var basedOn = styles?.Elements<Style>().FirstOrDefault(s => s.StyleId?.Value == styleId)?.StyleParagraphProperties?.OutlineLevel?.Val?.Value;
        return basedOn is { } o && o < 9 ? o + 1 : null;
    }
}
