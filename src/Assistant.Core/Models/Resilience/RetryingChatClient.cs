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
            var enumerator = base.GetStreamingResponseAsync(list, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            bool hasFirst;
            TimeSpan? wait = null;
            try
            {
                hasFirst = await enumerator.MoveNextAsync();
            }
            catch (Exception e) when (ModelException.Find(e) is { } error && _policy.NextDelay(attempt, error) is { } delay)
            {
                _policy.OnRetry?.Invoke(attempt, error, delay);
                wait = delay;
                hasFirst = false;
            }

            if (wait is { } w)
            {
                await enumerator.DisposeAsync();
                await _policy.Delay(w, cancellationToken);
                continue;
            }

            try
            {
                if (!hasFirst)
                {
                    yield break;
                }

                yield return enumerator.Current;
                while (await enumerator.MoveNextAsync())
                {
                    yield return enumerator.Current;
                }
            }
            finally
            {
                await enumerator.DisposeAsync();
            }

            yield break;
        }
    }
}
