using Microsoft.Extensions.Options;

namespace Assistant.Server.Limits;

/// <summary>Server:Limits:MaxMessageChars for messages, queries and text arguments: 413 naming the argument.</summary>
public sealed class MessageLimit(IOptions<ServerOptions> options)
{
    public int MaxChars => options.Value.Limits.MaxMessageChars;

    /// <summary>Null when <paramref name="text"/> fits, else the 413 to return.</summary>
    public IResult? Check(string argument, string? text) =>
        text is not null && text.Length > MaxChars
            ? TypedResults.Problem(
                title: "Message too long",
                detail: $"{argument}: {text.Length} characters is over the limit of {MaxChars} (Server:Limits:MaxMessageChars)",
                statusCode: StatusCodes.Status413PayloadTooLarge,
                extensions: new Dictionary<string, object?> { ["argument"] = argument })
            : null;
}
