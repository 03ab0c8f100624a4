using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Models.Resilience;

/// <summary>
/// Per-profile timeouts. A whole non-streaming call must finish within <c>TimeoutSeconds</c>. A stream must produce
/// its first update within <c>FirstTokenTimeoutSeconds</c>, and then never stall
/// longer than <c>TimeoutSeconds</c> between updates (long answers are fine). A missed first token is not retried on
/// the same profile: a server that accepted the request and stayed silent that long is hung or still loading, and
/// asking it again would multiply the wait (4 × 100 s at the old defaults) before the fallback gets its turn.
/// </summary>
public sealed class TimeoutChatClient : DelegatingChatClient
{
    private readonly string _profile;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _firstToken;
    private readonly TimeProvider _time;

    public TimeoutChatClient(IChatClient inner, string profile, TimeSpan timeout, TimeProvider time, TimeSpan? firstToken = null)
        : base(inner)
    {
        _profile = profile;
        _timeout = timeout;
        // Independent of the stall limit: a profile may allow 120 s for a local model to load and 100 s between parts.
        _firstToken = firstToken ?? timeout;
        _time = time;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var timer = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            return await base.GetResponseAsync(messages, options, linked.Token);
        }
        catch (Exception e) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw TimedOut($"no answer within {Seconds(_timeout)}", "TimeoutSeconds", e);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var timer = new CancellationTokenSource(_firstToken, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var enumerator = base.GetStreamingResponseAsync(messages, options, linked.Token).GetAsyncEnumerator(linked.Token);
        var received = 0;
        try
        {
            while (true)
            {
                bool has;
                try
                {
                    has = await enumerator.MoveNextAsync();
                }
                catch (Exception e) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw received == 0
                        ? FirstTokenMissed(e)
                        : TimedOut($"the stream stalled for {Seconds(_timeout)} after {received} updates", "TimeoutSeconds", e);
                }

                if (!has)
                {
                    yield break;
                }

                received++;
                // The clock stops while the caller handles the update, and restarts for the next one.
                timer.CancelAfter(Timeout.InfiniteTimeSpan);
                yield return enumerator.Current;
                timer.CancelAfter(_timeout);
            }
        }
        finally
        {
            await enumerator.DisposeAsync();
        }
    }

    private ModelException FirstTokenMissed(Exception inner)
    {
        var error = TimedOut($"no first token within {Seconds(_firstToken)} (the server accepted the request but sent nothing)", "FirstTokenTimeoutSeconds", inner,
            " (a local model may need longer to load, or to read a long prompt on a CPU)");
        return new ModelException(error.Kind, error.Message, inner)
        {
            Profile = _profile,
            Reason = $"no first token within {Seconds(_firstToken)}",
            DoNotRetry = true,
        };
    }

    private ModelException TimedOut(string what, string setting, Exception inner, string why = " if the model is just slow") =>
        new(ModelErrorKind.Timeout, $"Model profile '{_profile}' timed out: {what}. Raise Models:Profiles:{_profile}:{setting}{why}.", inner)
        { Profile = _profile, Reason = what };

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds:0.###} s";
}
