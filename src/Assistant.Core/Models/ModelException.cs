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

/// <summary>
/// The one exception type every connector throws. Messages say how to fix the problem and never
/// contain an API key (only the NAME of the environment variable that holds it).
/// </summary>
public sealed class ModelException : Exception
{
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
