using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Models.Resilience;

/// <summary>
/// When the primary profile stays unavailable (retries exhausted, unreachable, timed out before the first
/// token) the call goes to the fallback profile. The answer records where it came from in
/// <c>AdditionalProperties["fallback_from"]</c> and the reason in <c>["fallback_reason"]</c>. When the fallback fails
/// too, the error lists every profile tried and why each failed (<see cref="ModelException.AllFailed"/>), rather than
/// only the last fallback's complaint.
/// </summary>
public sealed class FallbackChatClient : DelegatingChatClient
{
    private readonly string _fromProfile;
    private readonly string? _toProfile;
    private readonly Lazy<IChatClient> _fallback;

    public FallbackChatClient(IChatClient primary, string fromProfile, Func<IChatClient> fallback, string? toProfile = null)
        : base(primary)
    {
        _fromProfile = fromProfile;
        _toProfile = toProfile;
        _fallback = new Lazy<IChatClient>(fallback);
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        ModelException failure;
        try
        {
            return await base.GetResponseAsync(list, options, cancellationToken);
        }
        catch (Exception e) when (ShouldFallBack(e, cancellationToken) is { } error)
        {
            failure = error;
        }

        ChatResponse response;
        Announce();
        try
        {
            response = await _fallback.Value.GetResponseAsync(list, WithoutModel(options), cancellationToken);
        }
        catch (Exception e) when (Failed(e, cancellationToken) is { } last)
        {
            throw ModelException.AllFailed(failure.Attempts, last);
        }

        response.AdditionalProperties ??= [];
        Mark(response.AdditionalProperties, failure);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        ModelException? failure = null;
        var start = await StreamStart<ChatResponseUpdate>.FirstAsync(
            base.GetStreamingResponseAsync(list, options, cancellationToken),
            e => (failure = ShouldFallBack(e, cancellationToken)) is not null,
            cancellationToken);
        if (start.Failure is null)
        {
            await foreach (var update in start.RelayAsync())
            {
                yield return update;
            }

            yield break;
        }

        var first = true;
        Announce();
        var enumerator = _fallback.Value.GetStreamingResponseAsync(list, WithoutModel(options), cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (Exception e) when (Failed(e, cancellationToken) is { } last)
                {
                    throw ModelException.AllFailed(failure!.Attempts, last);
                }

                var update = enumerator.Current;
                if (first)
                {
                    update.AdditionalProperties ??= [];
                    Mark(update.AdditionalProperties, failure!);
                    first = false;
                }

                yield return update;
            }
        }
        finally
        {
            await enumerator.DisposeAsync();
        }
    }

    // Tells a listening surface that the wait is now for the fallback (its "waiting for …" line would name the primary).
    private void Announce()
    {
        if (_toProfile is not null)
        {
            ModelCallObserver.Trying(_toProfile, _fallback.Value.GetService<ChatClientMetadata>()?.DefaultModelId);
        }
    }

    private static ModelException? Failed(Exception e, CancellationToken ct) =>
        ct.IsCancellationRequested ? null : ModelException.Find(e);

    private static ModelException? ShouldFallBack(Exception e, CancellationToken ct) =>
        !ct.IsCancellationRequested && ModelException.Find(e) is { IsTransient: true } error ? error : null;

    // A ModelId chosen for the primary would be wrong for the fallback's provider.
    private static ChatOptions? WithoutModel(ChatOptions? options)
    {
        if (options?.ModelId is null)
        {
            return options;
        }

        var copy = options.Clone();
        copy.ModelId = null;
        return copy;
    }

    private void Mark(AdditionalPropertiesDictionary properties, ModelException failure)
    {
        properties[ModelResponseKeys.FallbackFrom] = _fromProfile;
        properties[ModelResponseKeys.FallbackReason] = failure.Message;
    }
}
