using System.Text.Json.Serialization;

namespace Assistant.Plugins.CodeReview;

/// <summary>A code review. Serialises to the documented <c>--json</c> object of <c>assistant review</c>.</summary>
/// <param name="Summary">What the review found, in a few sentences.</param>
/// <param name="Findings">The findings, by line.</param>
/// <param name="Mode">Always <c>generative</c>: review needs a model.</param>
public sealed record ReviewResult(
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("findings")] IReadOnlyList<ReviewFinding> Findings,
    [property: JsonPropertyName("mode")] string Mode);

/// <summary>One finding.</summary>
/// <param name="Severity"><c>high</c>, <c>medium</c> or <c>low</c>.</param>
/// <param name="Line">Line in the original file, or on the new side of a diff.</param>
/// <param name="Category"><c>bug</c>, <c>security</c>, <c>performance</c>, <c>style</c> or <c>maintainability</c>.</param>
/// <param name="Message">What is wrong (for a diff of several files, starting with the file's path).</param>
/// <param name="Suggestion">How to fix it.</param>
public sealed record ReviewFinding(
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("suggestion")] string Suggestion);
