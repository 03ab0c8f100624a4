using Microsoft.SemanticKernel;
using SkFunctionInvocationContext = Microsoft.SemanticKernel.FunctionInvocationContext;

namespace Assistant.Core.Agents.Filters;

/// <summary>
/// A tool with side effects runs only when the turn's approver says yes; with no approver, or a failing one, it is refused.
/// </summary>
internal sealed class ApprovalFilter(AgentTurn turn) : IFunctionInvocationFilter
{
    public async Task OnFunctionInvocationAsync(SkFunctionInvocationContext context, Func<SkFunctionInvocationContext, Task> next)
    {
        if (AgentToolSet.HasSideEffects(context.Function))
        {
            var approved = false;
            if (turn.Approver is { } approver)
            {
                var request = new ToolApprovalRequest(context.Function.PluginName ?? string.Empty, context.Function.Name, AgentTurn.ArgumentsJson(context.Arguments));
                try
                {
                    approved = await approver.ApproveAsync(request, context.CancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    approved = false;
                }
            }

            if (!approved)
            {
                turn.Refused(context.Function, context.Arguments, "not approved (the tool has side effects)");
                context.Result = new FunctionResult(context.Function, $"Error: the tool {context.Function.Name} changes things and needs the user's approval, which it did not get; it did not run.");
                return;
            }
        }

        await next(context);
    }
}
