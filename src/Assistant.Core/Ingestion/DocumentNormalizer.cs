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
        // Every text of the document — title, each block, then each distinct heading of the section paths — joined
        // with U+001E, which the repairer passes through untouched, so one repair covers all and splits back exactly.
        // Headings go once however many blocks sit under them (a file of a million blocks repeats them a million times).
        var texts = new List<string>(document.Blocks.Count + 16) { document.Title ?? string.Empty };
        foreach (var block in document.Blocks) texts.Add(block.Text);
        var headingSlot = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var block in document.Blocks)
        {
            foreach (var heading in block.SectionPath)
            {
                if (headingSlot.TryAdd(heading, texts.Count)) texts.Add(heading);
            }
        }

        var repair = repairer.Repair(string.Join(TextCleaner.RecordSeparator, texts.Select(t => t.Replace(TextCleaner.RecordSeparator, ' '))));
        var parts = repair.Text.Split(TextCleaner.RecordSeparator);
        if (parts.Length != texts.Count)
        {
            throw new InvalidOperationException($"Mojibake repair changed the block structure of {document.SourcePath} ({texts.Count} parts in, {parts.Length} out).");
        }

        var cleanHeadings = new Dictionary<int, string>();
        // Blocks under the same heading share one path array, as the extractors made them.
        var sections = new Dictionary<IReadOnlyList<string>, string[]>(ReferenceEqualityComparer.Instance);
        var blocks = new List<TextBlock>(document.Blocks.Count);
        for (var b = 0; b < document.Blocks.Count; b++)
        {
            var block = document.Blocks[b];
            var text = TextCleaner.Clean(parts[b + 1]);
            if (!sections.TryGetValue(block.SectionPath, out var section))
            {
                section = new string[block.SectionPath.Count];
                for (var i = 0; i < section.Length; i++)
                {
                    var slot = headingSlot[block.SectionPath[i]];
                    if (!cleanHeadings.TryGetValue(slot, out var clean)) cleanHeadings[slot] = clean = TextCleaner.Clean(parts[slot]);
                    section[i] = clean;
                }

                sections[block.SectionPath] = section;
            }

            if (text.Length > 0) blocks.Add(block with { Text = text, SectionPath = section });
        }

        var title = TextCleaner.Clean(parts[0]);
        var normalized = document with { Blocks = blocks, Title = title.Length > 0 ? title : null };
        var garbage = repair.WasDamaged ? repair.GarbageShare : MojibakeRepairer.MeasureGarbage(normalized.FullText);
        return new NormalizedDocument(normalized, repair.WasDamaged, repair.SourceEncoding, repair.RecoveredShare, garbage);
    }
}
