namespace Assistant.Plugins.Translate;

/// <summary>The <c>Plugins:Translate</c> settings section.</summary>
public sealed class TranslateOptions
{
    /// <summary>Name of the settings section these options are bound from.</summary>
    public const string SectionName = "Plugins:Translate";

    /// <summary>Longest text accepted, in characters; longer input is rejected before any model call.</summary>
    public int MaxInputChars { get; set; } = 500_000;

    /// <summary>Most source tokens sent in one model call; longer texts are cut at paragraph or sentence boundaries.</summary>
    public int ChunkTokens { get; set; } = 1200;

    /// <summary>Most glossary entries accepted.</summary>
    public int MaxGlossaryTerms { get; set; } = 500;
}
