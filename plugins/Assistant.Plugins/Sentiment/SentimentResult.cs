using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Assistant.Plugins.Sentiment;

/// <summary>The sentiment of one text. Serialises to the documented <c>--json</c> object of <c>assistant sentiment</c>.</summary>
public sealed record SentimentResult
{
    /// <summary>Value of <see cref="Mode"/> when the offline lexicon-and-rules analyser produced the result.</summary>
    public const string LexiconMode = "lexicon";

    /// <summary>Value of <see cref="Mode"/> when a chat model produced the result.</summary>
    public const string GenerativeMode = "generative";

    /// <summary><c>positive</c>, <c>negative</c>, <c>neutral</c> or <c>mixed</c>.</summary>
    [JsonPropertyName("label"), Description("positive, negative, neutral or mixed")]
    public required string Label { get; init; }

    /// <summary>Overall polarity from -1 (most negative) to 1 (most positive).</summary>
    [JsonPropertyName("score"), Description("Overall polarity from -1 to 1")]
    public required double Score { get; init; }

    /// <summary>How sure the analyser is of <see cref="Label"/>, from 0 to 1.</summary>
    [JsonPropertyName("confidence"), Description("Confidence in the label, 0 to 1")]
    public required double Confidence { get; init; }

    /// <summary>The phrases of the text that carry the sentiment, as written.</summary>
    [JsonPropertyName("phrases"), Description("Phrases that carry the sentiment")]
    public required IReadOnlyList<string> Phrases { get; init; }

    /// <summary>Aspects the text talks about (price, delivery…), each with its own sentiment.</summary>
    [JsonPropertyName("aspects"), Description("Aspects with their own sentiment")]
    public required IReadOnlyList<AspectSentiment> Aspects { get; init; }

    /// <summary>Language code of the text: <c>ko</c> or <c>en</c>.</summary>
    [JsonPropertyName("language"), Description("Language code of the text (ko or en)")]
    public required string Language { get; init; }

    /// <summary><c>lexicon</c> (offline analyser) or <c>generative</c> (a chat model).</summary>
    [JsonPropertyName("mode"), Description("lexicon or generative")]
    public required string Mode { get; init; }
}

/// <summary>The sentiment the text expresses about one aspect.</summary>
/// <param name="Aspect">The aspect as named in the text (e.g. "battery", "배송").</param>
/// <param name="Label"><c>positive</c>, <c>negative</c>, <c>neutral</c> or <c>mixed</c>.</param>
/// <param name="Score">Polarity from -1 to 1.</param>
public sealed record AspectSentiment(
    [property: JsonPropertyName("aspect")] string Aspect,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("score")] double Score);

/// <summary>Progress of a batch: how many texts are done out of how many, and the result of the latest.</summary>
/// <param name="Done">Texts analysed so far.</param>
/// <param name="Total">Texts in the batch.</param>
/// <param name="Latest">The result of text number <paramref name="Done"/> (1-based).</param>
public sealed record SentimentBatchProgress(int Done, int Total, SentimentResult Latest);
