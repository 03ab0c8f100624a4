using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Models.Ollama;

/// <summary>Builds /api/chat request bodies and reads its NDJSON lines (tool-call arguments are JSON objects, not strings).</summary>
internal static class OllamaWire
{
    public static JsonObject BuildChatRequest(string model, IEnumerable<ChatMessage> messages, ChatOptions? options, OllamaChatClientSettings settings, bool stream)
    {
        var body = new JsonObject
        {
            ["model"] = options?.ModelId ?? model,
            ["messages"] = BuildMessages(messages, options?.Instructions),
            ["stream"] = stream,
        };

        if (options?.Tools is { Count: > 0 } tools)
        {
            var array = new JsonArray();
            foreach (var tool in tools.OfType<AIFunctionDeclaration>())
            {
                array.Add(new JsonObject
                {
                    ["type"] = "function",
                    ["function"] = new JsonObject
                    {
                        ["name"] = tool.Name,
                        ["description"] = tool.Description,
                        ["parameters"] = JsonNode.Parse(tool.JsonSchema.GetRawText()),
                    },
                });
            }

            body["tools"] = array;
        }

        var opts = new JsonObject();
        if (options?.Temperature is { } t) opts["temperature"] = t;
        if (options?.TopP is { } p) opts["top_p"] = p;
        if (options?.TopK is { } k) opts["top_k"] = k;
        if (options?.Seed is { } seed) opts["seed"] = seed;
        if (options?.MaxOutputTokens is { } max) opts["num_predict"] = max;
        if (settings.ContextWindow is { } ctx) opts["num_ctx"] = ctx;
        if (options?.StopSequences is { Count: > 0 } stop) opts["stop"] = new JsonArray(stop.Select(s => (JsonNode?)s).ToArray());
        if (opts.Count > 0) body["options"] = opts;

        if (settings.KeepAlive is { } keep) body["keep_alive"] = keep;

        if (options?.ResponseFormat is ChatResponseFormatJson json)
        {
            body["format"] = json.Schema is { } schema ? JsonNode.Parse(schema.GetRawText()) : "json";
        }

        return body;
    }

    private static JsonArray BuildMessages(IEnumerable<ChatMessage> messages, string? instructions)
    {
        var array = new JsonArray();
        if (!string.IsNullOrWhiteSpace(instructions))
        {
            array.Add(new JsonObject { ["role"] = "system", ["content"] = instructions });
        }

        var toolNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            var calls = message.Contents.OfType<FunctionCallContent>().ToList();
            foreach (var result in message.Contents.OfType<FunctionResultContent>())
            {
                // Ollama matches results by tool name, not by id.
                array.Add(new JsonObject
                {
                    ["role"] = "tool",
                    ["content"] = result.Result is string s ? s : JsonSerializer.Serialize(result.Result),
                    ["tool_name"] = toolNames.GetValueOrDefault(result.CallId, ""),
                });
            }

            var text = string.Concat(message.Contents.OfType<TextContent>().Select(c => c.Text));
            if (calls.Count == 0 && text.Length == 0 && message.Contents.OfType<FunctionResultContent>().Any())
            {
                continue;
            }

            var node = new JsonObject { ["role"] = message.Role.Value, ["content"] = text };
            if (calls.Count > 0)
            {
                var callArray = new JsonArray();
                foreach (var call in calls)
                {
                    toolNames[call.CallId] = call.Name;
                    callArray.Add(new JsonObject
                    {
                        ["function"] = new JsonObject
                        {
                            ["name"] = call.Name,
                            ["arguments"] = JsonSerializer.SerializeToNode(call.Arguments ?? new Dictionary<string, object?>()),
                        },
                    });
                }

                node["tool_calls"] = callArray;
            }

            array.Add(node);
        }

        return array;
    }

    /// <summary>Turns one NDJSON object (or a whole non-streamed answer) into an update; <paramref name="toolCallCounter"/> counts calls across the stream.</summary>
    public static ChatResponseUpdate ParseChunk(JsonElement root, ref int toolCallCounter)
    {
        var update = new ChatResponseUpdate { Role = ChatRole.Assistant, RawRepresentation = root.Clone() };
        if (root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String) update.ModelId = model.GetString();
        if (root.TryGetProperty("created_at", out var created) && created.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(created.GetString(), out var when)) update.CreatedAt = when;

        var hasToolCalls = false;
        if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
        {
            if (message.TryGetProperty("thinking", out var thinking) && thinking.ValueKind == JsonValueKind.String && thinking.GetString() is { Length: > 0 } th)
            {
                update.Contents.Add(new TextReasoningContent(th));
            }

            if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String && content.GetString() is { Length: > 0 } text)
            {
                update.Contents.Add(new TextContent(text));
            }

            if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
            {
                foreach (var call in calls.EnumerateArray())
                {
                    if (!call.TryGetProperty("function", out var fn)) continue;
                    var name = fn.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
                    var args = fn.TryGetProperty("arguments", out var a) ? ParseArguments(a) : new Dictionary<string, object?>();
                    toolCallCounter++;
                    var id = call.TryGetProperty("id", out var idEl) && idEl.ValueKind == JsonValueKind.String ? idEl.GetString()! : $"ollama_call_{toolCallCounter}";
                    update.Contents.Add(new FunctionCallContent(id, name, args));
                    hasToolCalls = true;
                }
            }
        }

        if (root.TryGetProperty("done", out var done) && done.ValueKind == JsonValueKind.True)
        {
            var reason = root.TryGetProperty("done_reason", out var r) ? r.GetString() : null;
            update.FinishReason = reason switch
            {
                "length" => ChatFinishReason.Length,
                // Streamed tool calls come in an earlier line than done:true; the counter spans the stream.
                _ when hasToolCalls || toolCallCounter > 0 => ChatFinishReason.ToolCalls,
                _ => ChatFinishReason.Stop,
            };
            var input = root.TryGetProperty("prompt_eval_count", out var pe) && pe.TryGetInt64(out var pi) ? pi : (long?)null;
            var output = root.TryGetProperty("eval_count", out var ev) && ev.TryGetInt64(out var eo) ? eo : (long?)null;
            if (input is not null || output is not null)
            {
                update.Contents.Add(new UsageContent(new UsageDetails
                {
                    InputTokenCount = input,
                    OutputTokenCount = output,
                    TotalTokenCount = (input ?? 0) + (output ?? 0),
                }));
            }
        }

        return update;
    }

    private static Dictionary<string, object?> ParseArguments(JsonElement arguments)
    {
        // The native API sends an object; tolerate a JSON string too (some models/proxies do that).
        var element = arguments;
        if (arguments.ValueKind == JsonValueKind.String)
        {
            using var doc = JsonDocument.Parse(arguments.GetString() ?? "{}");
            element = doc.RootElement.Clone();
        }

        var result = new Dictionary<string, object?>();
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in element.EnumerateObject())
            {
                result[p.Name] = p.Value.Clone();
            }
        }

        return result;
    }
}
