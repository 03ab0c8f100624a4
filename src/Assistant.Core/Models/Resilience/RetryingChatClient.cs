using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Models.Resilience;

/// <summary>
/// Retries transient failures (429, 5xx, unreachable, timeout). A stream is retried only while nothing
/// has been yielded: once text reached the caller, a retry would repeat it, so the error propagates.
/// </summary>
public sealed class RetryingChatClient : DelegatingChatClient
{
    private readonly RetryPolicy _policy;

    public RetryingChatClient(IChatClient inner, RetryPolicy policy)
        : base(inner)
    {
        _policy = policy;
    }

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        return _policy.ExecuteAsync(ct => base.GetResponseAsync(list, options, ct), cancellationToken);
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? wait = null;
            var start = await StreamStart<ChatResponseUpdate>.FirstAsync(
                base.GetStreamingResponseAsync(list, options, cancellationToken),
                e =>
                {
                    if (ModelException.Find(e) is not { } error || _policy.NextDelay(attempt, error) is not { } delay) return false;
                    _policy.OnRetry?.Invoke(attempt, error, delay);
                    wait = delay;
                    return true;
                },
                cancellationToken);

            if (start.Failure is null)
            {
                await foreach (var update in start.RelayAsync())
                {
                    yield return update;
                }

                yield break;
            }

            await _policy.Delay(wait!.Value, cancellationToken);
        }
    }
}
