namespace Assistant.Core.Documents;

/// <summary>An indexed document as the store knows it.</summary>
/// <param name="RecoveredShare">Set when the text was repaired from mojibake: the share of damage recovered with confidence.</param>
/// <param name="Fingerprint">MinHash signature of the text's shingles (see NearDuplicateDetector), for near-duplicate checks.</param>
public sealed record DocumentRecord(
    string Id,
    string SourcePath,
    string Format,
    string ContentHash,
    string? Title,
    int ChunkCount,
    long SizeBytes,
    DateTimeOffset IndexedAt,
    IReadOnlyList<string> Tags,
    string KnowledgeBase = DocumentRecord.DefaultKnowledgeBase,
    string? Fingerprint = null,
    double? RecoveredShare = null)
{
    public const string DefaultKnowledgeBase = "default";
}
