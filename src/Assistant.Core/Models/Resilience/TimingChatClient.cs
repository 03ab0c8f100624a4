using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Models.Resilience;

/// <summary>
/// Measures time to first token and total time (including retries and fallback) and writes them into
/// <c>AdditionalProperties</c>: on the response, or on one final, content-free update of a stream
/// (which also repeats the profile and fallback markers, so the aggregated response carries them).
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
        var carried = new AdditionalPropertiesDictionary();
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            if (firstToken is null && update.Contents.Any(c => c is TextContent or FunctionCallContent))
            {
                firstToken = _time.GetElapsedTime(start).TotalMilliseconds;
            }

            CarryCallInfo(update.AdditionalProperties, carried);
            yield return update;
        }

        var total = _time.GetElapsedTime(start).TotalMilliseconds;
        carried[ModelResponseKeys.TimeToFirstTokenMs] = (long)(firstToken ?? total);
        carried[ModelResponseKeys.TotalMs] = (long)total;
        yield return new ChatResponseUpdate { Role = ChatRole.Assistant, AdditionalProperties = carried };
    }

    // ToChatResponse keeps only some updates' properties, so the summary update repeats who answered.
    private static void CarryCallInfo(AdditionalPropertiesDictionary? from, AdditionalPropertiesDictionary to)
    {
        if (from is null)
        {
            return;
        }

        foreach (var key in (string[])[ModelResponseKeys.Profile, ModelResponseKeys.FallbackFrom, ModelResponseKeys.FallbackReason])
        {
            if (from.TryGetValue(key, out var value))
            {
                to[key] = value;
            }
        }
    }
}
