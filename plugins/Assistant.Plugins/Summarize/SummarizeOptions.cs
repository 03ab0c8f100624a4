namespace Assistant.Plugins.Summarize;

/// <summary>The <c>Plugins:Summarize</c> settings section.</summary>
public sealed class SummarizeOptions
{
    /// <summary>Name of the settings section these options are bound from.</summary>
    public const string SectionName = "Plugins:Summarize";

    /// <summary>Longest input accepted, in characters; longer input is rejected before any model call.</summary>
    public int MaxInputChars { get; set; } = 2_000_000;

    /// <summary>The model's context window in tokens when its profile sets none (profile <c>ContextWindow</c> wins).</summary>
    public int ContextWindowTokens { get; set; } = 8192;

    /// <summary>Tokens of the window kept for the instructions and the reply; the rest holds source text.</summary>
    public int ReservedTokens { get; set; } = 2000;

    /// <summary>Target size of one citable part of a text, in tokens (paragraphs are joined up to it).</summary>
    public int PartTokens { get; set; } = 250;

    /// <summary>Most documents a search query brings into one summary.</summary>
    public int MaxSearchDocuments { get; set; } = 5;

    /// <summary>Most sentences the offline ranking considers (its work grows with the square of this).</summary>
    public int MaxRankedSentences { get; set; } = 1500;
}
