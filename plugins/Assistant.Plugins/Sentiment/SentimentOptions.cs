namespace Assistant.Plugins.Sentiment;

/// <summary>The <c>Plugins:Sentiment</c> settings section.</summary>
public sealed class SentimentOptions
{
    /// <summary>Name of the settings section these options are bound from.</summary>
    public const string SectionName = "Plugins:Sentiment";

    /// <summary>Longest text accepted, in characters; longer input is rejected before any model call.</summary>
    public int MaxTextChars { get; set; } = 5000;

    /// <summary>Most texts accepted in one batch call.</summary>
    public int MaxBatchItems { get; set; } = 10_000;
}
