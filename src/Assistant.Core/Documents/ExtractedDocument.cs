namespace Assistant.Core.Documents;

/// <summary>The text of one file, split into blocks that remember their section and page.</summary>
public sealed record ExtractedDocument(string SourcePath, string Format, IReadOnlyList<TextBlock> Blocks, string? Title = null)
{
    // Built once per block list: several steps read it, and for a large file each copy is twice the file's size.
    // Keyed on the list itself because `with { Blocks = … }` copies this field into the new record.
    private (IReadOnlyList<TextBlock> Blocks, string Text)? _fullText;

    /// <summary>Concatenated text of all blocks, used for hashing and near-duplicate detection.</summary>
    public string FullText
    {
        get
        {
            if (_fullText is { } cached && ReferenceEquals(cached.Blocks, Blocks)) return cached.Text;
            var text = string.Join("\n\n", Blocks.Select(b => b.Text));
            _fullText = (Blocks, text);
            return text;
        }
    }
}
