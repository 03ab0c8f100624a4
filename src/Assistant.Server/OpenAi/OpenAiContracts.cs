using System.Text.Json;
using System.Text.Json.Serialization;

namespace Assistant.Server.OpenAi;

/// <summary>
/// The wire shapes of OpenAI's chat completions API that the endpoint speaks (snake_case, nulls left out), plus the
/// assistant's extension: <c>sources</c> and <c>citations</c> on the completion and on the last streamed chunk.
/// </summary>
public static class OpenAiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

public sealed record OpenAiModel(string Id, string OwnedBy, long Created)
{
    public string Object => "model";
}

public sealed record OpenAiModelList(IReadOnlyList<OpenAiModel> Data)
{
    public string Object => "list";
}

public sealed record OpenAiMessage(string Role, string? Content);

public sealed record OpenAiChoice(int Index, OpenAiMessage Message, string FinishReason);

public sealed record OpenAiUsage(long PromptTokens, long CompletionTokens, long TotalTokens);

/// <summary>A cited passage: [n] in the answer refers to it (same shape as the conversations API's sources).</summary>
public sealed record OpenAiSource(int N, string Source, string Section, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? Page, string Text)
{
    /// <summary>Where a person can read the source (Server:SourceLinks); null when unknown.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Url { get; init; }
}

public sealed record OpenAiCitation(int N, bool Supported);

public sealed record OpenAiCompletion(
    string Id, long Created, string Model, IReadOnlyList<OpenAiChoice> Choices, OpenAiUsage Usage,
    IReadOnlyList<OpenAiSource> Sources, IReadOnlyList<OpenAiCitation> Citations)
{
    public string Object => "chat.completion";
}

public sealed record OpenAiDelta(string? Role, string? Content);

public sealed record OpenAiChunkChoice(int Index, OpenAiDelta Delta, string? FinishReason);

/// <summary>One streamed chunk; the last one has no choices and carries usage, sources and citations.</summary>
public sealed record OpenAiChunk(
    string Id, long Created, string Model, IReadOnlyList<OpenAiChunkChoice> Choices,
    OpenAiUsage? Usage = null, IReadOnlyList<OpenAiSource>? Sources = null, IReadOnlyList<OpenAiCitation>? Citations = null)
{
    public string Object => "chat.completion.chunk";
}

public sealed record OpenAiErrorBody(string Message, string Type, string? Code, string? Param = null);

/// <summary>OpenAI's error shape, which its SDKs read the message from.</summary>
public sealed record OpenAiError(OpenAiErrorBody Error)
{
    public static IResult Result(int status, string message, string type, string? code, string? param = null) =>
        TypedResults.Json(new OpenAiError(new OpenAiErrorBody(message, type, code, param)), OpenAiJson.Options, statusCode: status);
}
