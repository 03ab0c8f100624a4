using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using WordText = DocumentFormat.OpenXml.Wordprocessing.Text;

namespace Assistant.Tests.TestSupport;

/// <summary>Writes real .docx files with the Open XML SDK: styled headings, body paragraphs and tables.</summary>
public sealed class DocxBuilder
{
    private readonly List<OpenXmlElement> _body = [];
    private readonly List<Style> _styles = [];

    public string? Title { get; init; }

    public DocxBuilder Heading(int level, string text) => Styled($"Heading{level}", text);

    /// <summary>A paragraph with any style id; pair with <see cref="DefineStyle"/> for localised heading styles.</summary>
    public DocxBuilder Styled(string styleId, string text)
    {
        _body.Add(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = styleId }), new Run(new WordText(text))));
        return this;
    }

    public DocxBuilder DefineStyle(string styleId, string styleName)
    {
        _styles.Add(new Style(new StyleName { Val = styleName }) { Type = StyleValues.Paragraph, StyleId = styleId });
        return this;
    }

    public DocxBuilder Paragraph(string text)
    {
        _body.Add(new Paragraph(new Run(new WordText(text) { Space = SpaceProcessingModeValues.Preserve })));
        return this;
    }

    public DocxBuilder Table(params string[][] rows)
    {
        var table = new Table(new TableProperties(new TableBorders()));
        foreach (var row in rows)
        {
            table.Append(new TableRow(row.Select(cell => new TableCell(new Paragraph(new Run(new WordText(cell)))))));
        }

        _body.Add(table);
        return this;
    }

    public void Save(string path)
    {
        using var doc = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document);
        var main = doc.AddMainDocumentPart();
        main.Document = new Document(new Body(_body.Select(e => e.CloneNode(true))));
        if (_styles.Count > 0)
        {
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(_styles.Select(s => s.CloneNode(true)));
        }

        if (Title is not null) doc.PackageProperties.Title = Title;
    }
}
