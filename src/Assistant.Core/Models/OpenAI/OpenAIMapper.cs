using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AI = Microsoft.Extensions.AI;
using OAI = OpenAI.Chat;

namespace Assistant.Core.Models.OpenAI;

/// <summary>Translates between Microsoft.Extensions.AI types and the OpenAI SDK's chat types.</summary>
internal static class OpenAIMapper
{
    public static List<OAI.ChatMessage> ToOpenAIMessages(IEnumerable<AI.ChatMessage> messages, string? instructions)
    {
        var result = new List<OAI.ChatMessage>();
        if (!string.IsNullOrWhiteSpace(instructions))
        {
            result.Add(new SystemChatMessage(instructions));
        }

        foreach (var m in messages)
        {
            var text = string.Concat(m.Contents.OfType<TextContent>().Select(c => c.Text));
            if (m.Role == ChatRole.System)
            {
                result.Add(new SystemChatMessage(text));
            }
            else if (m.Role == ChatRole.User)
            {
                result.Add(new UserChatMessage(text));
            }
            else if (m.Role == ChatRole.Assistant)
            {
                var calls = m.Contents.OfType<FunctionCallContent>()
                    .Select(c => ChatToolCall.CreateFunctionToolCall(c.CallId, c.Name, BinaryData.FromString(JsonSerializer.Serialize(c.Arguments ?? new Dictionary<string, object?>()))))
                    .ToList();
                if (calls.Count > 0)
                {
                    var msg = new AssistantChatMessage(calls);
                    if (text.Length > 0) msg.Content.Add(ChatMessageContentPart.CreateTextPart(text));
                    result.Add(msg);
                }
                else
                {
                    result.Add(new AssistantChatMessage(text));
                }
            }

            foreach (var r in m.Contents.OfType<FunctionResultContent>())
            {
                result.Add(new ToolChatMessage(r.CallId, r.Result is string s ? s : JsonSerializer.Serialize(r.Result)));
            }
        }

        return result;
    }

    public static ChatCompletionOptions ToOpenAIOptions(ChatOptions? options)
    {
        var o = new ChatCompletionOptions();
        if (options is null)
        {
            return o;
        }

        o.Temperature = options.Temperature;
        o.TopP = options.TopP;
        o.MaxOutputTokenCount = options.MaxOutputTokens;
        o.FrequencyPenalty = options.FrequencyPenalty;
        o.PresencePenalty = options.PresencePenalty;
        o.AllowParallelToolCalls = options.AllowMultipleToolCalls;
        foreach (var stop in options.StopSequences ?? [])
        {
            o.StopSequences.Add(stop);
        }

        foreach (var tool in options.Tools?.OfType<AIFunctionDeclaration>() ?? [])
        {
            o.Tools.Add(ChatTool.CreateFunctionTool(tool.Name, tool.Description, BinaryData.FromString(tool.JsonSchema.GetRawText())));
        }

        if (o.Tools.Count > 0)
        {
            o.ToolChoice = options.ToolMode switch
            {
                NoneChatToolMode => ChatToolChoice.CreateNoneChoice(),
                RequiredChatToolMode { RequiredFunctionName: { } name } => ChatToolChoice.CreateFunctionChoice(name),
                RequiredChatToolMode => ChatToolChoice.CreateRequiredChoice(),
                _ => null,
            };
        }

        o.ResponseFormat = options.ResponseFormat switch
        {
            ChatResponseFormatJson { Schema: { } schema } json => OAI.ChatResponseFormat.CreateJsonSchemaFormat(
                json.SchemaName ?? "response", BinaryData.FromString(schema.GetRawText()), json.SchemaDescription, jsonSchemaIsStrict: true),
            ChatResponseFormatJson => OAI.ChatResponseFormat.CreateJsonObjectFormat(),
            _ => null,
        };

        return o;
    }

    public static AI.ChatFinishReason? ToFinishReason(OAI.ChatFinishReason? reason) => reason switch
    {
        null => null,
        OAI.ChatFinishReason.Stop => AI.ChatFinishReason.Stop,
        OAI.ChatFinishReason.Length => AI.ChatFinishReason.Length,
        OAI.ChatFinishReason.ToolCalls or OAI.ChatFinishReason.FunctionCall => AI.ChatFinishReason.ToolCalls,
        OAI.ChatFinishReason.ContentFilter => AI.ChatFinishReason.ContentFilter,
        _ => AI.ChatFinishReason.Stop,
    };

    public static UsageDetails ToUsage(ChatTokenUsage usage) => new()
    {
        InputTokenCount = usage.InputTokenCount,
        OutputTokenCount = usage.OutputTokenCount,
        TotalTokenCount = usage.TotalTokenCount,
    };

    /// <summary>Parses arguments that arrived as a JSON string; invalid JSON is kept on the content's Exception, not thrown.</summary>
    public static FunctionCallContent ToFunctionCall(string id, string name, string json) =>
        FunctionCallContent.CreateFromParsedArguments(string.IsNullOrWhiteSpace(json) ? "{}" : json, id, name, ParseArguments);

    private static IDictionary<string, object?>? ParseArguments(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.ValueKind != JsonValueKind.Object
            ? throw new JsonException("Tool-call arguments are not a JSON object.")
            : doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
    }
}
