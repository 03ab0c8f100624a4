using System.Text;
using System.Text.Json;
using Assistant.Core.Conversations;

namespace Assistant.Server.OpenAi;

/// <summary>
/// A chat completions request as the pipeline needs it: the last message (a user's) is the question, earlier user and
/// assistant messages become the history (the pipeline condenses a follow-up against it). System, developer and tool
/// messages are left out: the grounded answer prompt is the bot's own, a caller cannot replace it.
/// Sampling settings (temperature, max_tokens, n, tools …) are ignored; the model profile decides them.
/// </summary>
public sealed record OpenAiChatRequest(string Model, string Question, IReadOnlyList<HistoryTurn> History, bool Stream)
{
    /// <summary>Reads the body; a failure is a message naming the field at fault (param) for a 400.</summary>
    public static (OpenAiChatRequest? Request, (string Param, string Message)? Error) Parse(JsonElement body, int maxChars)
    {
        if (body.ValueKind != JsonValueKind.Object) return Fail("body", "the body must be a JSON object");
        if (!body.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(model.GetString()))
        {
            return Fail("model", "model: required (GET /v1/models lists them)");
        }

        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            return Fail("messages", "messages: required, a non-empty array");
        }

        var stream = body.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        List<(string Role, string Text)> turns = [];
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var where = $"messages[{index++}]";
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
            {
                return Fail(where, $"{where}: an object with a role is required");
            }

            var text = Text(message);
            if (text.Length > maxChars) return (null, (where, $"{where}: {text.Length} characters is over the limit of {maxChars} (Server:Limits:MaxMessageChars)"));
            turns.Add((role.GetString()!, text));
        }

        if (turns[^1].Role != "user" || string.IsNullOrWhiteSpace(turns[^1].Text))
        {
            return Fail($"messages[{turns.Count - 1}]", "the last message must be the user's question, with text content");
        }

        return (new OpenAiChatRequest(model.GetString()!, turns[^1].Text.Trim(), ReadHistory(turns.Take(turns.Count - 1)), stream), null);
    }

    /// <summary>Each user message answered by the assistant message after it becomes a turn; unanswered ones are dropped.</summary>
    private static List<HistoryTurn> ReadHistory(IEnumerable<(string Role, string Text)> earlier)
    {
        List<HistoryTurn> history = [];
        string? pending = null;
        foreach (var (role, text) in earlier)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (role == "user") pending = text.Trim();
            else if (role == "assistant" && pending is not null)
            {
                history.Add(new HistoryTurn(pending, pending, text.Trim()));
                pending = null;
            }
        }

        return history;
    }

    /// <summary>Content as a string, or the text parts of a content array (images and other parts are skipped).</summary>
    private static string Text(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content)) return string.Empty;
        if (content.ValueKind == JsonValueKind.String) return content.GetString()!;
        if (content.ValueKind != JsonValueKind.Array) return string.Empty;
        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "text"
                && part.TryGetProperty("text", out var piece) && piece.ValueKind == JsonValueKind.String)
            {
                if (text.Length > 0) text.Append('\n');
                text.Append(piece.GetString());
            }
        }

        return text.ToString();
    }

    private static (OpenAiChatRequest?, (string, string)?) Fail(string param, string message) => (null, (param, message));
}
