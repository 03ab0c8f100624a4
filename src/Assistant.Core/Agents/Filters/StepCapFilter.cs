using Microsoft.SemanticKernel;

namespace Assistant.Core.Agents.Filters;

/// <summary>
/// Stops the tool loop after the turn's step cap: a call in round <c>MaxSteps</c> (0-based) or later does not run, and
/// the loop ends without another model call. Semantic Kernel would otherwise loop up to 128 rounds.
/// <see cref="DocumentAgent"/> then asks the model, without tools, to answer from what it has.
/// It also notes every call id that reached the host, so a call to a tool that was never offered can be told apart.
/// </summary>
internal sealed class StepCapFilter(AgentTurn turn, ISet<string> seenCallIds) : IAutoFunctionInvocationFilter
{
    public const string Message = "Error: the step limit for this turn is reached; this call did not run. Answer now from the passages you have.";

    public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
    {
        if (context.ToolCallId is { } id)
        {
            lock (seenCallIds) seenCallIds.Add(id);
        }

        if (context.RequestSequenceIndex >= turn.MaxSteps)
        {
            turn.StepLimitReached = true;
            turn.Refused(context.Function, context.Arguments ?? [], $"step limit reached ({turn.MaxSteps} rounds)");
            context.Result = new FunctionResult(context.Function, Message);
            context.Terminate = true;
            return;
        }

        await next(context);
    }
}
