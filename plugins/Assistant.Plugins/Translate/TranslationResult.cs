using System.Text.Json.Serialization;

namespace Assistant.Plugins.Translate;

/// <summary>A translation. Serialises to the documented <c>--json</c> object of <c>assistant translate</c>.</summary>
/// <param name="Translation">The translated text, Markdown structure, code, URLs, numbers and placeholders kept.</param>
/// <param name="SourceLanguage">Language code of the source (given or detected).</param>
/// <param name="TargetLanguage">Language code of the translation.</param>
/// <param name="Mode">Always <c>generative</c>: translation needs a model.</param>
public sealed record TranslationResult(
    [property: JsonPropertyName("translation")] string Translation,
    [property: JsonPropertyName("sourceLanguage")] string SourceLanguage,
    [property: JsonPropertyName("targetLanguage")] string TargetLanguage,
    [property: JsonPropertyName("mode")] string Mode);
