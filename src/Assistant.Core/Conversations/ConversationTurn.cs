using Assistant.Core.Agents;
using Assistant.Core.Answering;

namespace Assistant.Core.Conversations;

/// <summary>
/// What the context budget did: the window and answer reserve it worked with, the prompt's size in tokens, and what it
/// left out to fit (passages by their rank, earlier turns by their position, oldest = 1).
/// </summary>
public sealed record ContextBudgetReport(
    int ContextWindow,
    int AnswerReserve,
    int PromptTokens,
    IReadOnlyList<int> DroppedPassages,
    int DroppedTurns,
    bool TruncatedPassage)
{
    /// <summary>How many of the <see cref="DroppedTurns"/> a model summary stands in for (0: none was made or it did not fit).</summary>
    public int SummarisedTurns { get; init; }
}

/// <summary>One answered turn: the answer (with its checked citations, sources, model and usage) and how it was made.</summary>
public sealed record ConversationTurn(string Question, string StandaloneQuestion, AnswerResult Answer)
{
    /// <summary>The question translated for the cross-language search; null when none was made.</summary>
    public string? TranslatedQuery { get; init; }

    /// <summary>Null for extractive answers (no prompt was sent).</summary>
    public ContextBudgetReport? Budget { get; init; }

    /// <summary>The whole turn, condensing and retrieval included (the answer's TotalMs is the generation alone).</summary>
    public double TotalMs { get; init; }

    /// <summary>
    /// The answer's own model call(s) (the generation, or the agent's rounds); <see cref="AnswerResult.Usage"/> of
    /// <see cref="Answer"/> is the whole turn's: condensing, query translation and the history summary added.
    /// </summary>
    public TokenUsage? AnswerUsage { get; init; }

    /// <summary>Tools the agent ran; empty until the agent answers turns.</summary>
    public IReadOnlyList<ToolCallRecord> ToolCalls { get; init; } = [];
}
