namespace Assistant.Core.Documents;

/// <summary>What kind of structural element a block came from; the chunker keeps headings with what follows them.</summary>
public enum BlockKind
{
    Paragraph,
    Heading,
    ListItem,
    Code,
    Table,
}

/// <summary>
/// One structural unit of an extracted document: a paragraph, heading, list item, code block or table,
/// with the heading path it sits under and the page it came from (PDF only).
/// </summary>
public sealed record TextBlock(string Text, IReadOnlyList<string> SectionPath, int? Page, BlockKind Kind = BlockKind.Paragraph);
