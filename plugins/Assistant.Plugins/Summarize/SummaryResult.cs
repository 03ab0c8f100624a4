using System.Text.Json.Serialization;

namespace Assistant.Plugins.Summarize;

/// <summary>A summary. Serialises to the documented <c>--json</c> object of <c>assistant summarize</c>.</summary>
/// <param name="Summary">The summary; each point ends with the numbers of the source parts it came from, e.g. "[1][3]".</param>
/// <param name="Mode"><c>generative</c> (a chat model) or <c>extractive</c> (offline sentence ranking).</param>
/// <param name="Language">Language code of the summary.</param>
/// <param name="Sources">The source parts the summary cites, by number.</param>
public sealed record SummaryResult(
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("sources")] IReadOnlyList<SummarySource> Sources)
{
    /// <summary>Value of <see cref="Mode"/> when a chat model wrote the summary.</summary>
    public const string GenerativeMode = "generative";

    /// <summary>Value of <see cref="Mode"/> when sentences were picked from the source offline.</summary>
    public const string ExtractiveMode = "extractive";
}

/// <summary>One part of the source a summary point came from.</summary>
/// <param name="N">The number the summary cites ("[N]").</param>
/// <param name="DocumentId">The knowledge-base document, when the source is one.</param>
/// <param name="Title">The document's title or file name, when known.</param>
/// <param name="Section">The section path of the part ("Guide > Install"), when known.</param>
/// <param name="Start">Offset of the part's first character in the source text (or in its document).</param>
/// <param name="End">Offset just past the part's last character.</param>
public sealed record SummarySource(
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("documentId")] string? DocumentId,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("section")] string? Section,
    [property: JsonPropertyName("start")] int Start,
    [property: JsonPropertyName("end")] int End);

/// <summary>A citable part of the source: its number, its text and where it is.</summary>
internal sealed record SummaryPart(int N, string Text, string? DocumentId, string? Title, string? Section, int Start, int End)
{
    public SummarySource ToSource() => new(N, DocumentId, Title, Section, Start, End);
}

/// <summary>A point of a summary with the part numbers it came from.</summary>
internal sealed record SummaryPoint(string Text, IReadOnlyList<int> Sources);
