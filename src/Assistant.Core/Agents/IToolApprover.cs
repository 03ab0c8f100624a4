namespace Assistant.Core.Agents;

/// <summary>A call to a side-effecting tool waiting for approval. <see cref="Arguments"/> is the JSON object the model passed.</summary>
public sealed record ToolApprovalRequest(string Plugin, string Name, string Arguments);

/// <summary>Decides whether a tool with side effects may run (a console asks the user; a server applies its policy).</summary>
public interface IToolApprover
{
    ValueTask<bool> ApproveAsync(ToolApprovalRequest request, CancellationToken cancellationToken);
}
