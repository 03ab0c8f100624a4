namespace Assistant.Plugins.Sentiment;

/// <summary>
/// The JSON schema a model's reply must meet. The same text goes into the prompt, so what the model is asked for and
/// what the host accepts cannot drift apart.
/// </summary>
internal static class SentimentSchema
{
    public const string Text = """
        {
          "type": "object",
          "required": ["label", "score", "confidence", "phrases", "aspects", "language"],
          "properties": {
            "label": { "enum": ["positive", "negative", "neutral", "mixed"] },
            "score": { "type": "number", "minimum": -1, "maximum": 1 },
            "confidence": { "type": "number", "minimum": 0, "maximum": 1 },
            "phrases": { "type": "array", "items": { "type": "string" } },
            "aspects": {
              "type": "array",
              "items": {
                "type": "object",
                "required": ["aspect", "label", "score"],
                "properties": {
                  "aspect": { "type": "string", "minLength": 1 },
                  "label": { "enum": ["positive", "negative", "neutral", "mixed"] },
                  "score": { "type": "number", "minimum": -1, "maximum": 1 }
                }
              }
            },
            "language": { "enum": ["ko", "en"] }
          }
        }
        """;

    /// <summary>Reads a reply against <see cref="Text"/>.</summary>
    public static readonly Common.JsonReply Reply = new(Text);
}
