using System.Text.RegularExpressions;
using Assistant.Core.Documents;

namespace Assistant.Core.Ingestion.Extraction;

/// <summary>.txt: paragraphs are separated by blank lines; there are no sections.</summary>
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
        return new ExtractedDocument(path, "txt", SplitParagraphs(text, [], page: null).ToList());
    }

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
