using Assistant.Core.Retrieval;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Agents;

/// <summary>One turn for <see cref="DocumentAgent"/>.</summary>
public sealed record AgentRequest(string Question)
{
    /// <summary>Prior turns of the conversation, oldest first (user and assistant messages); sent between the system message and this question.</summary>
    public IReadOnlyList<ChatMessage> History { get; init; } = [];

    /// <summary>Passages retrieved before the turn, given to the model first as [1]…[n]; may be empty (the model then searches).</summary>
    public IReadOnlyList<SearchHit> Passages { get; init; } = [];

    /// <summary>Tools this entry point allows (function names or <c>Plugin_function</c>); null: <see cref="AgentOptions.DefaultTools"/>; empty: none.</summary>
    public IReadOnlyCollection<string>? AllowedTools { get; init; }

    /// <summary>Rounds of tool calls; null: <see cref="AgentOptions.MaxSteps"/>. The smaller of the two wins.</summary>
    public int? MaxSteps { get; init; }

    /// <summary>Called with text pieces and tool activity in the order they happen; never concurrently.</summary>
    public Action<AgentEvent>? OnEvent { get; init; }

    /// <summary>The filter every <c>search_documents</c> call starts from (the model can narrow it, never widen it).</summary>
    public SearchFilter? Filter { get; init; }

    /// <summary>Asked before a tool marked <see cref="SideEffectsAttribute"/> runs; null denies every such call.</summary>
    public IToolApprover? Approver { get; init; }
}
