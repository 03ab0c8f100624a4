namespace Assistant.Core.Documents;

/// <summary>The text of one file, split into blocks that remember their section and page.</summary>
public sealed record ExtractedDocument(string SourcePath, string Format, IReadOnlyList<TextBlock> Blocks, string? Title = null)
{
    /// <summary>Concatenated text of all blocks, used for hashing and near-duplicate detection.</summary>
    public string FullText => string.Join("\n\n", Blocks.Select(b => b.Text));
}
