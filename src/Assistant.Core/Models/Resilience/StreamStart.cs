namespace Assistant.Core.Models.Resilience;

/// <summary>
/// A stream whose first element has been awaited. Until then nothing has reached the caller, so a failure can
/// still be retried or handed to a fallback; after it, replaying would duplicate output and errors must propagate.
/// </summary>
internal sealed class StreamStart<T>
{
    private readonly IAsyncEnumerator<T>? _enumerator;
    private readonly bool _hasFirst;

    private StreamStart(IAsyncEnumerator<T>? enumerator, bool hasFirst, Exception? failure)
    {
        _enumerator = enumerator;
        _hasFirst = hasFirst;
        Failure = failure;
    }

    /// <summary>The error the first element failed with, when <c>recoverable</c> accepted it; null when the stream started.</summary>
    public Exception? Failure { get; }

    /// <summary>
    /// Awaits the first element of <paramref name="stream"/>. An exception that <paramref name="recoverable"/> accepts
    /// is returned in <see cref="Failure"/> (the stream is disposed); any other propagates.
    /// </summary>
    public static async Task<StreamStart<T>> FirstAsync(IAsyncEnumerable<T> stream, Func<Exception, bool> recoverable, CancellationToken cancellationToken)
    {
        var enumerator = stream.GetAsyncEnumerator(cancellationToken);
        try
        {
            return new StreamStart<T>(enumerator, await enumerator.MoveNextAsync(), null);
        }
        catch (Exception e) when (recoverable(e))
        {
            await enumerator.DisposeAsync();
            return new StreamStart<T>(null, false, e);
        }
        catch
        {
            await enumerator.DisposeAsync();
            throw;
        }
    }

    /// <summary>The first element and the rest; disposes the stream at the end. Only for a stream that started.</summary>
    public async IAsyncEnumerable<T> RelayAsync()
    {
        var enumerator = _enumerator ?? throw new InvalidOperationException("The stream failed before its first element; there is nothing to relay.");
        try
        {
            if (!_hasFirst) yield break;
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
    }
}
