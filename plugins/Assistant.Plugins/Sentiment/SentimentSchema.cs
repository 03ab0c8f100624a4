using System.Text.Json;
using Json.Schema;

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

    private static readonly JsonSchema Schema = JsonSchema.FromText(Text);

    /// <summary>Null when <paramref name="json"/> meets the schema, else the failures as one line for the model and the user.</summary>
    public static string? Validate(JsonElement json)
    {
        var results = Schema.Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return null;
        var errors = Flatten(results)
            .Where(r => r.Errors is { Count: > 0 })
            .SelectMany(r => r.Errors!.Select(e => $"{(r.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {e.Value}"))
            .Distinct()
            .ToList();
        return errors.Count > 0 ? string.Join("; ", errors) : "does not match the schema";
    }

    private static IEnumerable<EvaluationResults> Flatten(EvaluationResults results) =>
        new[] { results }.Concat((results.Details ?? []).SelectMany(Flatten));
}
