using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using SkFunctionInvocationContext = Microsoft.SemanticKernel.FunctionInvocationContext;

namespace Assistant.Core.Agents.Filters;

/// <summary>
/// The innermost filter, around the tool itself: announces the call, times it, and turns an exception into an error
/// result the model can read (logged), so a failing tool never ends the turn. Its time is <see cref="ToolCallRecord.Ms"/>.
/// </summary>
internal sealed partial class ToolRunFilter(AgentTurn turn) : IFunctionInvocationFilter
{
    private const int MaxErrorChars = 300;

    public async Task OnFunctionInvocationAsync(SkFunctionInvocationContext context, Func<SkFunctionInvocationContext, Task> next)
    {
        var name = AgentToolSet.NameOf(context.Function);
        var arguments = AgentTurn.ArgumentsJson(context.Arguments);
        turn.Started(context.Function, context.Arguments);
        var started = AgentTurn.Timestamp();
        string? error = null;
        try
        {
            await next(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            LogFailed(turn.Logger, ex, name);
            error = $"{ex.GetType().Name}: {ex.Message}";
            if (error.Length > MaxErrorChars) error = error[..MaxErrorChars] + "…";
            context.Result = new FunctionResult(context.Function, $"Error: the tool {name} failed ({error}). Answer from the passages you have, or try other arguments.");
        }

        turn.Completed(name, arguments, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, error);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tool {Tool} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string tool);
}
