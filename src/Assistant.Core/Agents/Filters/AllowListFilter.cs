using Microsoft.SemanticKernel;
using SkFunctionInvocationContext = Microsoft.SemanticKernel.FunctionInvocationContext;

namespace Assistant.Core.Agents.Filters;

/// <summary>
/// A tool the entry point does not allow never runs, whoever asked for it (a passage can make a model ask):
/// the model gets an error result and the call is recorded as refused. The agent also offers only allowed tools,
/// so this is the second line, for any path that offers more.
/// </summary>
internal sealed class AllowListFilter(AgentTurn turn) : IFunctionInvocationFilter
{
    public async Task OnFunctionInvocationAsync(SkFunctionInvocationContext context, Func<SkFunctionInvocationContext, Task> next)
    {
        if (!AgentToolSet.IsAllowed(context.Function, turn.Allowed))
        {
            turn.Refused(context.Function, context.Arguments, "not allowed here");
            context.Result = new FunctionResult(context.Function, $"Error: the tool {context.Function.Name} is not allowed here; it did not run.");
            return;
        }

        await next(context);
    }
}
