using Assistant.Core.Documents;
using Assistant.Core.Ingestion.Normalization;

namespace Assistant.Core.Ingestion;

/// <summary>The normalise step's output: the cleaned document and what repair, if any, was needed.</summary>
public sealed record NormalizedDocument(ExtractedDocument Document, bool Repaired, string? RepairedFrom, double RecoveredShare, double GarbageShare);

/// <summary>
/// Normalises extracted text: mojibake repair decided once per document (a whole document tells the damaged
/// code page far more reliably than one heading), then Unicode NFC, no control characters, "\n" line ends.
/// </summary>
public sealed class DocumentNormalizer(MojibakeRepairer repairer)
{
    public DocumentNormalizer()
        : this(new MojibakeRepairer())
    {
    }

    public NormalizedDocument Normalize(ExtractedDocument document)
    {
        // Every text of the document — title, each block and each heading of its section path — joined with
        // U+001E, which the repairer passes through untouched, so one repair covers all and splits back exactly.
        var texts = new List<string> { document.Title ?? string.Empty };
        foreach (var block in document.Blocks)
        {
            texts.Add(block.Text);
            texts.AddRange(block.SectionPath);
        }

        var repair = repairer.Repair(string.Join(TextCleaner.RecordSeparator, texts.Select(t => t.Replace(TextCleaner.RecordSeparator, ' '))));
        var parts = repair.Text.Split(TextCleaner.RecordSeparator);
        if (parts.Length != texts.Count)
        {
            throw new InvalidOperationException($"Mojibake repair changed the block structure of {document.SourcePath} ({texts.Count} parts in, {parts.Length} out).");
        }

        var next = 1;
        var blocks = new List<TextBlock>(document.Blocks.Count);
        foreach (var block in document.Blocks)
        {
            var text = TextCleaner.Clean(parts[next++]);
            var section = new string[block.SectionPath.Count];
            for (var i = 0; i < section.Length; i++) section[i] = TextCleaner.Clean(parts[next++]);
            if (text.Length > 0) blocks.Add(block with { Text = text, SectionPath = section });
        }

        var title = TextCleaner.Clean(parts[0]);
        var normalized = document with { Blocks = blocks, Title = title.Length > 0 ? title : null };
        var garbage = repair.WasDamaged ? repair.GarbageShare : MojibakeRepairer.MeasureGarbage(normalized.FullText);
        return new NormalizedDocument(normalized, repair.WasDamaged, repair.SourceEncoding, repair.RecoveredShare, garbage);
    }
}
