using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Models.Resilience;

/// <summary>
/// Per-profile timeout. A whole non-streaming call must finish in time; a stream must produce its first
/// update in time and then never stall longer than the same span between updates (long answers are fine).
/// </summary>
public sealed class TimeoutChatClient : DelegatingChatClient
{
    private readonly string _profile;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    public TimeoutChatClient(IChatClient inner, string profile, TimeSpan timeout, TimeProvider time)
        : base(inner)
    {
        _profile = profile;
        _timeout = timeout;
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
            throw TimedOut($"no answer within {_timeout.TotalSeconds:0.###} s", e);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var timer = new CancellationTokenSource(_timeout, _time);
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
                    throw TimedOut(received == 0
                        ? $"no first token within {_timeout.TotalSeconds:0.###} s"
                        : $"the stream stalled for {_timeout.TotalSeconds:0.###} s after {received} updates", e);
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

    private ModelException TimedOut(string what, Exception inner) =>
        new(ModelErrorKind.Timeout, $"Model profile '{_profile}' timed out: {what}. Raise Models:Profiles:{_profile}:TimeoutSeconds if the model is just slow.", inner)
        { Profile = _profile };
}
