namespace Assistant.Core.Models.Resilience;

/// <summary>
/// Exponential backoff with jitter that honours the server's Retry-After. Delay and randomness are
/// injectable so tests run instantly and deterministically.
/// </summary>
public sealed class RetryPolicy
{
    public RetryPolicy(int maxRetries, Func<TimeSpan, CancellationToken, Task>? delay = null, Func<double>? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        MaxRetries = maxRetries;
        Delay = delay ?? ((d, ct) => Task.Delay(d, ct));
        Random = random ?? System.Random.Shared.NextDouble;
    }

    public int MaxRetries { get; }

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A server asking us to wait longer than this is treated as "not now": we stop retrying (and fall back).</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    public Func<TimeSpan, CancellationToken, Task> Delay { get; }

    public Func<double> Random { get; }

    /// <summary>Observer for logging/tests: (attempt number starting at 1, the error, the wait).</summary>
    public Action<int, ModelException, TimeSpan>? OnRetry { get; init; }

    /// <summary>The wait before retry number <paramref name="attempt"/> (1-based), or null when we should give up.</summary>
    public TimeSpan? NextDelay(int attempt, ModelException error)
    {
        if (!error.IsTransient || error.DoNotRetry || attempt > MaxRetries)
        {
            // The error leaves the policy now: say how often it was tried, for the list of attempts.
            error.Retries = Math.Max(error.Retries, attempt - 1);
            return null;
        }

        if (error.RetryAfter is { } serverSaid)
        {
            if (serverSaid <= MaxRetryAfter)
            {
                return serverSaid;
            }

            error.Retries = Math.Max(error.Retries, attempt - 1);
            return null;
        }

        // "Equal jitter": half fixed, half random, so many clients do not retry in lockstep.
        var exponential = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(exponential / 2 + Random() * exponential / 2);
    }

    /// <summary>Runs <paramref name="action"/> and retries transient <see cref="ModelException"/>s.</summary>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action(cancellationToken);
            }
            catch (Exception e) when (ModelException.Find(e) is { } error && NextDelay(attempt, error) is { } wait)
            {
                OnRetry?.Invoke(attempt, error, wait);
                await Delay(wait, cancellationToken);
            }
        }
    }
}
