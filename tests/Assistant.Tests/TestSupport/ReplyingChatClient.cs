using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Assistant.Tests.TestSupport;

/// <summary>
/// A chat model whose reply is computed from what it was sent (for map-reduce and chunked calls, where the number
/// and content of calls depend on the input). Records every call. Stands in for a model server, nothing else.
/// </summary>
public sealed class ReplyingChatClient(Func<IReadOnlyList<ChatMessage>, string> reply) : IChatClient
{
    public List<IReadOnlyList<ChatMessage>> Calls { get; } = [];

    public static string SystemOf(IReadOnlyList<ChatMessage> messages) => messages.First(m => m.Role == ChatRole.System).Text;

    public static string UserOf(IReadOnlyList<ChatMessage> messages) => messages.Last(m => m.Role == ChatRole.User).Text;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        var list = messages.ToList();
        Calls.Add(list);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, reply(list))) { ModelId = "callback-model", FinishReason = ChatFinishReason.Stop };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("callback", null, "callback-model")
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }
}
