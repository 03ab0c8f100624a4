namespace Assistant.Core.Documents;

/// <summary>
/// A retrievable passage of a document. <see cref="Index"/> is its position in the document, which together
/// with the document id gives a stable identity (stores derive their point ids from it).
/// <see cref="Tokens"/> is counted in o200k_base tokens (see <c>Text.O200kTokenCounter</c>).
/// </summary>
public sealed record Chunk(
    string DocumentId,
    int Index,
    string Text,
    IReadOnlyList<string> SectionPath,
    int? Page,
    int StartOffset,
    int EndOffset,
    int Tokens)
{
    /// <summary>Section path joined for display, e.g. "Guide > Benchmarks > MMLU".</summary>
    public string Section => string.Join(" > ", SectionPath);

    /// <summary>What gets embedded: the section path gives a passage the context its own words may lack.</summary>
    public string EmbeddingText => EmbeddingTextOf(Section, Text);

    /// <summary><see cref="EmbeddingText"/> from a stored section string, for stores that keep only the joined path.</summary>
    public static string EmbeddingTextOf(string section, string text) => section.Length == 0 ? text : section + "\n" + text;
}
