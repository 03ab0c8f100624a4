namespace Assistant.Core.Retrieval;

public enum SearchMode
{
    /// <summary>Keyword and dense legs fused with Reciprocal Rank Fusion; keyword-only when there is no query vector.</summary>
    Hybrid,
    Keyword,
    Dense,
}

/// <summary>Restricts a search. Null members do not filter.</summary>
public sealed record SearchFilter(
    IReadOnlyCollection<string>? DocumentIds = null,
    string? SourcePrefix = null,
    IReadOnlyCollection<string>? Tags = null,
    string? KnowledgeBase = null)
{
    public static SearchFilter None { get; } = new();
}

/// <param name="Vector">The embedded query, when an embedding model is configured.</param>
public sealed record SearchQuery(
    string Text,
    int Top = 5,
    SearchMode Mode = SearchMode.Hybrid,
    SearchFilter? Filter = null,
    ReadOnlyMemory<float>? Vector = null,
    double? MinScore = null);

/// <summary>One ranked passage. The field names are the `assistant search --json` format (see README).</summary>
public sealed record SearchHit(
    int Rank,
    double Score,
    string DocumentId,
    string Source,
    string Section,
    int? Page,
    string Text,
    int ChunkIndex);
