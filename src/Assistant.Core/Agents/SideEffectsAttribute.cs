namespace Assistant.Core.Agents;

/// <summary>
/// Marks a tool method that changes something outside the turn (writes, sends, deletes). The agent runs it only when
/// the request's <see cref="IToolApprover"/> approves the call; without one, the call is refused.
/// Tools made without a method (remote or MCP tools) are marked through their metadata instead:
/// <c>AdditionalProperties["side_effects"] = true</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class SideEffectsAttribute : Attribute
{
    public const string MetadataKey = "side_effects";
}
