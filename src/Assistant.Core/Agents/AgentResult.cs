using Assistant.Core.Answering;

namespace Assistant.Core.Agents;

/// <summary>
/// The answer of one agent turn. <see cref="AnswerResult.Sources"/> holds every passage the model saw, the given ones and
/// those tool calls returned, by the ids it saw them under, so each [n] in the answer maps to one of them; the citations
/// are already checked (<see cref="AnswerResult.CitationChecks"/>).
/// </summary>
public sealed record AgentResult(AnswerResult Answer, IReadOnlyList<ToolCallRecord> ToolCalls)
{
    /// <summary>The host stopped the tool loop at the step cap and asked the model to answer from what it had.</summary>
    public bool StepLimitReached { get; init; }
}
