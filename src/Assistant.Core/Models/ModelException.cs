namespace Assistant.Core.Models;

/// <summary>What went wrong when talking to a model, so callers (retry, fallback, the CLI) can decide without parsing messages.</summary>
public enum ModelErrorKind
{
    MissingApiKey,
    Unauthorized,
    Forbidden,
    ModelNotFound,
    ServerUnreachable,
    RateLimited,
    ContextLengthExceeded,
    ContentFiltered,
    Timeout,
    StreamInterrupted,
    ServerError,
    BadRequest,
}

/// <summary>One profile tried for a call, and why it failed ("HTTP 500 after 3 retries").</summary>
public sealed record ModelAttempt(string Profile, ModelErrorKind Kind, string Reason);

/// <summary>
/// The one exception type every connector throws. Messages say how to fix the problem and never
/// contain an API key (only the NAME of the environment variable that holds it).
/// </summary>
public sealed class ModelException : Exception
{
    private readonly IReadOnlyList<ModelAttempt>? _attempts;

    public ModelException(ModelErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public ModelErrorKind Kind { get; }

    /// <summary>The profile being called, when known.</summary>
    public string? Profile { get; init; }

    /// <summary>HTTP status of the failed response, when there was one.</summary>
    public int? StatusCode { get; init; }

    /// <summary>How long the server asked us to wait (Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Worth retrying or falling back: the same request may succeed later or elsewhere.</summary>
    public bool IsTransient => Kind is ModelErrorKind.RateLimited or ModelErrorKind.ServerError
        or ModelErrorKind.ServerUnreachable or ModelErrorKind.Timeout;

    /// <summary>
    /// Transient, but not worth asking the same server again (it accepted the request and said nothing until the
    /// first-token timeout, or it did not even accept the connection in time): the retry policy skips straight to
    /// the fallback, so a dead server costs one timeout rather than one per retry.
    /// </summary>
    public bool DoNotRetry { get; init; }

    /// <summary>What failed, in a few words for the list of attempts ("HTTP 500", "not running at http://…"); null: derived from the kind.</summary>
    public string? Reason { get; init; }

    /// <summary>How many times the failing call was retried before this error was given up on.</summary>
    public int Retries { get; internal set; }

    /// <summary>
    /// Every profile tried for this call, in order, with why each failed (the primary, then each fallback). A
    /// call that tried one profile has one entry, describing this exception.
    /// </summary>
    public IReadOnlyList<ModelAttempt> Attempts
    {
        get => _attempts ?? [new ModelAttempt(Profile ?? "(unnamed profile)", Kind, Describe())];
        init => _attempts = value;
    }

    /// <summary>
    /// The error for a call whose fallbacks all failed: one line naming every profile tried and why, then the last
    /// failure's own message (which says how to fix it). The kind, profile and status are the last failure's.
    /// </summary>
    public static ModelException AllFailed(IReadOnlyList<ModelAttempt> earlier, ModelException last)
    {
        List<ModelAttempt> attempts = [.. earlier, .. last.Attempts];
        var list = string.Join("; ", attempts.Select(a => $"{a.Profile}: {a.Reason}"));
        return new ModelException(last.Kind, $"Every model profile tried failed — {list}. Last error: {last.Message}", last)
        {
            Profile = last.Profile,
            StatusCode = last.StatusCode,
            RetryAfter = last.RetryAfter,
            DoNotRetry = last.DoNotRetry,
            Reason = last.Reason,
            Retries = last.Retries,
            Attempts = attempts,
        };
    }

    private string Describe()
    {
        var reason = Reason ?? Kind switch
        {
            _ when StatusCode is { } status => $"HTTP {status}",
            ModelErrorKind.MissingApiKey => "no API key",
            ModelErrorKind.ServerUnreachable => "server unreachable",
            ModelErrorKind.Timeout => "timed out",
            ModelErrorKind.StreamInterrupted => "stream cut off",
            ModelErrorKind.ContentFiltered => "stopped by the content filter",
            ModelErrorKind.ContextLengthExceeded => "prompt longer than the context window",
            _ => Kind.ToString(),
        };
        return Retries switch
        {
            0 => reason,
            1 => reason + " after 1 retry",
            _ => $"{reason} after {Retries} retries",
        };
    }

    /// <summary>Finds a ModelException wrapped by an SDK somewhere in the inner-exception chain.</summary>
    public static ModelException? Find(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is ModelException m)
            {
                return m;
            }

            if (e is AggregateException { InnerExceptions.Count: > 0 } agg)
            {
                return Find(agg.InnerExceptions[0]);
            }
        }

        return null;
    }
}
