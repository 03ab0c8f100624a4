using Assistant.Core.Retrieval;

namespace Assistant.Core.Answering;

/// <summary>
/// What <c>Answer/Grounded</c> is given: the question, the passages, and for a follow-up the earlier turns already fenced
/// (<see cref="Conversations.HistoryFence.ForAnswer"/>) with <see cref="Nonce"/>, which then also fences the passages.
/// </summary>
public sealed record GroundedContext(string Question, IReadOnlyList<SearchHit> Hits, string History = "", string? Nonce = null);
