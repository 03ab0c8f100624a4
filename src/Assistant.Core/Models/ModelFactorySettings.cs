using Microsoft.Extensions.Logging;

namespace Assistant.Core.Models;

/// <summary>Seams for the factory and catalog: environment, clock, retry delays and HTTP handlers (tests replace them).</summary>
public sealed class ModelFactorySettings
{
    /// <summary>Reads an environment variable by name (the key is never stored in configuration).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How retries wait; tests pass a function that records the delay and returns at once.</summary>
    public Func<TimeSpan, CancellationToken, Task>? RetryDelay { get; init; }

    /// <summary>Jitter source in [0, 1).</summary>
    public Func<double>? Random { get; init; }

    /// <summary>Creates the transport under ModelHttpHandler; default is a shared SocketsHttpHandler with per-profile connect timeouts (DI supplies the named "Assistant.Models" handler).</summary>
    public Func<HttpMessageHandler>? PrimaryHandler { get; init; }

    /// <summary>Overrides every profile's TimeoutSeconds (tests use milliseconds).</summary>
    public TimeSpan? TimeoutOverride { get; init; }

    /// <summary>Overrides every profile's FirstTokenTimeoutSeconds (tests use milliseconds).</summary>
    public TimeSpan? FirstTokenTimeoutOverride { get; init; }

    /// <summary>Overrides every profile's ConnectTimeoutSeconds (tests use milliseconds).</summary>
    public TimeSpan? ConnectTimeoutOverride { get; init; }

    /// <summary>
    /// When set, M.E.AI's logging middleware is added to every model pipeline (Debug: one line per call; Trace: the
    /// messages themselves, so keep Trace off for private documents). Keys never reach it: they live in the handler.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Called on each retry: (profile, attempt, error, wait). Never receives a key.</summary>
    public Action<string, int, ModelException, TimeSpan>? OnRetry { get; init; }
}
