namespace Assistant.Plugins.CodeReview;

/// <summary>The <c>Plugins:CodeReview</c> settings section.</summary>
public sealed class CodeReviewOptions
{
    /// <summary>Name of the settings section these options are bound from.</summary>
    public const string SectionName = "Plugins:CodeReview";

    /// <summary>Longest input accepted, in characters; longer input is rejected before any model call.</summary>
    public int MaxInputChars { get; set; } = 400_000;

    /// <summary>Most lines reviewed in one model call; longer files and diffs are reviewed in parts.</summary>
    public int PartLines { get; set; } = 300;
}
