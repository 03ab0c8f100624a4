using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Assistant.Tests.TestSupport;

/// <summary>
/// A chat model that plays a script: each call takes the next turn (a list of updates to stream, or to join into one
/// response) and records the messages and options it was sent. Stands in for a model server, nothing else.
/// </summary>
public sealed class ScriptedChatClient(params IReadOnlyList<ChatResponseUpdate>[] turns) : IChatClient
{
    private readonly Queue<IReadOnlyList<ChatResponseUpdate>> _turns = new(turns);

    public List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = [];

    public Exception? Throw { get; init; }

    public bool Disposed { get; private set; }

    /// <summary>A turn that streams <paramref name="pieces"/>, then usage when given.</summary>
    public static IReadOnlyList<ChatResponseUpdate> Text(string[] pieces, string? model = null, int? inputTokens = null, int? outputTokens = null)
    {
        var updates = pieces.Select(p => new ChatResponseUpdate(ChatRole.Assistant, p) { ModelId = model }).ToList();
        if (inputTokens is not null)
        {
            updates.Add(new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = outputTokens })] });
        }

        return updates;
    }

    /// <summary>A turn in which the model asks for a tool call.</summary>
    public static IReadOnlyList<ChatResponseUpdate> ToolCall(string callId, string name, Dictionary<string, object?> arguments) =>
        [new ChatResponseUpdate { Role = ChatRole.Assistant, Contents = [new FunctionCallContent(callId, name, arguments)] }];

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<ChatResponseUpdate> updates = [];
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken)) updates.Add(update);
        return updates.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Calls.Add((messages.ToList(), options?.Clone()));
        if (Throw is not null) throw Throw;
        if (!_turns.TryDequeue(out var turn)) throw new InvalidOperationException($"the script has no turn left for call {Calls.Count}");
        foreach (var update in turn)
        {
            await Task.Yield();
            yield return update;
        }
    }

    /// <summary>Whether it answers GetService(ChatClientMetadata), as real connectors do.</summary>
    public bool ReportsMetadata { get; init; } = true;

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? (ReportsMetadata ? new ChatClientMetadata("scripted", null, "scripted-model") : null)
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose() => Disposed = true;
}
