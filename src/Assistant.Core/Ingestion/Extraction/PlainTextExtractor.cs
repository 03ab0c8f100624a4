using System.Text.RegularExpressions;
using Assistant.Core.Documents;

namespace Assistant.Core.Ingestion.Extraction;

/// <summary>
/// .txt: paragraphs are separated by blank lines. Sections come from headings when the file clearly has them: Markdown
/// "#" headings, or lines underlined with "=====" or "-----" (release notes, READMEs written for a terminal).
/// </summary>
public sealed partial class PlainTextExtractor(IngestionOptions? options = null) : IDocumentExtractor
{
    private readonly int _maxBlocks = (options ?? new IngestionOptions()).MaxBlocksPerFile;

    public IReadOnlyCollection<string> Extensions { get; } = [".txt", ".text"];

    public Task<ExtractedDocument> ExtractAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        return Task.FromResult(Extract(path, bytes));
    }

    private ExtractedDocument Extract(string path, byte[] bytes)
    {
        BlockBudget.CheckBytes(bytes, _maxBlocks);
        var text = TextDecoder.Decode(bytes);
        BlockBudget.CheckText(text, _maxBlocks);
        // Notes are often Markdown saved as .txt; keep their headings as sections when they clearly are.
        if (MarkdownHeadings().Count(text) >= 2) return MarkdownExtractor.Extract(path, text) with { Format = "txt" };
        var paragraphs = SplitParagraphs(text, [], page: null);
        if (UnderlinedHeadings().Count(text.Replace("\r\n", "\n")) >= 2) paragraphs = WithUnderlinedHeadings(paragraphs);
        return new ExtractedDocument(path, "txt", paragraphs.ToList());
    }

    /// <summary>
    /// "4.3.0 (2025-03-18)" over a line of dashes becomes a heading and the section of what follows it; "=====" marks a
    /// level-1 heading and "-----" a level-2 one, as in Markdown's setext headings. Text right under the underline (no
    /// blank line between) stays a paragraph of the new section.
    /// </summary>
    private static IEnumerable<TextBlock> WithUnderlinedHeadings(IEnumerable<TextBlock> paragraphs)
    {
        var headings = new List<(int Level, string Text)>();
        IReadOnlyList<string> sectionPath = [];
        foreach (var paragraph in paragraphs)
        {
            var lines = paragraph.Text.Split('\n');
            if (lines.Length < 2 || !IsUnderline(lines[1].Trim(), lines[0].Trim()))
            {
                yield return paragraph with { SectionPath = sectionPath };
                continue;
            }

            var title = lines[0].Trim();
            var level = lines[1].Trim()[0] == '=' ? 1 : 2;
            headings.RemoveAll(h => h.Level >= level);
            headings.Add((level, title));
            sectionPath = headings.Select(h => h.Text).ToList();
            yield return new TextBlock(title, sectionPath, paragraph.Page, BlockKind.Heading);
            var rest = string.Join('\n', lines.Skip(2)).Trim();
            if (rest.Length > 0) yield return new TextBlock(rest, sectionPath, paragraph.Page);
        }
    }

    // An underline is one character repeated, at least 3 long and at least half the title's length; a title is one short line.
    private static bool IsUnderline(string line, string title) =>
        line.Length >= 3 && (line.All(c => c == '=') || line.All(c => c == '-')) && line.Length * 2 >= title.Length
        && title.Length is > 0 and <= 120 && !title.All(c => c is '=' or '-');

    [GeneratedRegex(@"^[ \t]*[^\s=\-][^\n]*\n[ \t]*(?:={3,}|-{3,})[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex UnderlinedHeadings();

    [GeneratedRegex(@"^#{1,6}[ \t]+\S", RegexOptions.Multiline)]
    private static partial Regex MarkdownHeadings();

    /// <summary>Splits on blank lines; used by the PDF extractor per page too.</summary>
    internal static IEnumerable<TextBlock> SplitParagraphs(string text, IReadOnlyList<string> section, int? page)
    {
        foreach (var para in BlankLines().Split(text.Replace("\r\n", "\n")))
        {
            var trimmed = para.Trim();
            if (trimmed.Length > 0) yield return new TextBlock(trimmed, section, page);
        }
    }

    [GeneratedRegex(@"\n[ \t]*\n+")]
    private static partial Regex BlankLines();
}
