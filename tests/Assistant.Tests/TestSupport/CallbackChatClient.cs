using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Assistant.Tests.TestSupport;

/// <summary>
/// A chat model that decides each turn from what it was sent, like a model that reacts to a passage: the callback
/// gets the messages of the call and its number (0-based) and returns the updates to stream. Records every call.
/// </summary>
public sealed class CallbackChatClient(Func<IReadOnlyList<ChatMessage>, int, IReadOnlyList<ChatResponseUpdate>> respond) : IChatClient
{
    private int _calls;

    public List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var sent = messages.ToList();
        int n;
        lock (Calls)
        {
            Calls.Add((sent, options?.Clone()));
            n = _calls++;
        }

        foreach (var update in respond(sent, n))
        {
            await Task.Yield();
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("callback", null, "callback-model")
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    /// <summary>A turn in which the model asks for one or more tool calls at once.</summary>
    public static IReadOnlyList<ChatResponseUpdate> ToolCalls(params FunctionCallContent[] calls) =>
        [new ChatResponseUpdate { Role = ChatRole.Assistant, Contents = [.. calls] }];

    /// <summary>A turn that streams text pieces.</summary>
    public static IReadOnlyList<ChatResponseUpdate> Text(params string[] pieces) =>
        [.. pieces.Select(p => new ChatResponseUpdate(ChatRole.Assistant, p) { ModelId = "callback-model" })];
}
