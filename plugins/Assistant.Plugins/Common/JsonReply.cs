using System.Text.Json;
using Json.Schema;

namespace Assistant.Plugins.Common;

/// <summary>Reads a model's JSON reply: strips a Markdown fence, parses, checks a JSON schema.</summary>
internal sealed class JsonReply(string schemaText)
{
    private readonly JsonSchema _schema = JsonSchema.FromText(schemaText);

    /// <summary>The schema as the prompt shows it, so what is asked and what is accepted cannot drift apart.</summary>
    public string SchemaText { get; } = schemaText;

    /// <summary>True with a detached root element when <paramref name="reply"/> is JSON meeting the schema; else false and why.</summary>
    public bool TryRead(string reply, out JsonElement root, out string error)
    {
        root = default;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(StripFence(reply));
        }
        catch (JsonException ex)
        {
            error = $"not JSON ({ex.Message})";
            return false;
        }

        using (document)
        {
            var results = _schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!results.IsValid)
            {
                var errors = Flatten(results)
                    .Where(r => r.Errors is { Count: > 0 })
                    .SelectMany(r => r.Errors!.Select(e => $"{(r.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {e.Value}"))
                    .Distinct()
                    .ToList();
                error = errors.Count > 0 ? string.Join("; ", errors) : "does not match the schema";
                return false;
            }

            root = document.RootElement.Clone();
            error = string.Empty;
            return true;
        }
    }

    /// <summary>Models often wrap JSON in a ```json fence even when told not to; the fence is not an error worth a retry.</summary>
    public static string StripFence(string reply)
    {
        var trimmed = reply.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal)) return trimmed;
        var firstLine = trimmed.IndexOf('\n');
        var lastFence = trimmed.LastIndexOf("```", StringComparison.Ordinal);
        return firstLine > 0 && lastFence > firstLine ? trimmed[(firstLine + 1)..lastFence].Trim() : trimmed;
    }

    private static IEnumerable<EvaluationResults> Flatten(EvaluationResults results) =>
        new[] { results }.Concat((results.Details ?? []).SelectMany(Flatten));
}
