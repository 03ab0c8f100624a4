using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Models.Resilience;

/// <summary>
/// Measures time to first token and total time (including retries and fallback) and writes them into
/// <c>AdditionalProperties</c>: on the response, or on one final, content-free update of a stream.
/// </summary>
public sealed class TimingChatClient : DelegatingChatClient
{
    private readonly TimeProvider _time;

    public TimingChatClient(IChatClient inner, TimeProvider time)
        : base(inner)
    {
        _time = time;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var start = _time.GetTimestamp();
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        var total = _time.GetElapsedTime(start).TotalMilliseconds;
        response.AdditionalProperties ??= [];
        // Without streaming the first token arrives with the last one.
        response.AdditionalProperties[ModelResponseKeys.TimeToFirstTokenMs] = (long)total;
        response.AdditionalProperties[ModelResponseKeys.TotalMs] = (long)total;
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var start = _time.GetTimestamp();
        double? firstToken = null;
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            if (firstToken is null && update.Contents.Any(c => c is TextContent or FunctionCallContent))
            {
                firstToken = _time.GetElapsedTime(start).TotalMilliseconds;
            }

            yield return update;
        }

        var total = _time.GetElapsedTime(start).TotalMilliseconds;
        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            AdditionalProperties = new()
            {
                [ModelResponseKeys.TimeToFirstTokenMs] = (long)(firstToken ?? total),
                [ModelResponseKeys.TotalMs] = (long)total,
            },
        };
    }
}
