using Assistant.Core.KnowledgeBases;
using Microsoft.AspNetCore.Diagnostics;

namespace Assistant.Server.Extensions;

/// <summary>
/// Every exception becomes Problem Details without internals: a bad request keeps its own (safe) message and status
/// (413 for a body past the limit), anything else is a 500 with a generic text and the trace id to find it in the log.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request", bad.Message),
            UnknownKnowledgeBaseException => (StatusCodes.Status500InternalServerError, "Server misconfigured", "The key's knowledge base is not configured on this server."),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => (499, "Client closed request", (string?)null),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected error", "The server could not complete the request; the trace id identifies it in the server log."),
        };
        if (status >= 500) LogFailure(logger, context.Request.Method, context.Request.Path, exception);
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailure(ILogger logger, string method, string path, Exception exception);
}
