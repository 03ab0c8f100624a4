using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Assistant.Core.Evaluation.Report;

/// <summary>How results.json (and `assistant eval --json`) is written: camelCase, every field present (null when not measured).</summary>
public static class EvalJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        // Korean stays readable in the file instead of \uXXXX escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    // Inside an HTML <script> block "<", ">" and "&" must not appear raw ("</script>" in a question would end the block):
    // the default encoder writes them as \u003C etc.
    private static readonly JsonSerializerOptions HtmlSafe = new(Options) { Encoder = JavaScriptEncoder.Default, WriteIndented = false };

    public static string Serialize(EvalResults results) => JsonSerializer.Serialize(results, Options);

    public static string SerializeForHtml(EvalResults results) => JsonSerializer.Serialize(results, HtmlSafe);
}
