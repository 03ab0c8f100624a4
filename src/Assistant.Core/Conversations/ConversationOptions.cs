using System.ComponentModel.DataAnnotations;

namespace Assistant.Core.Conversations;

/// <summary>The "Conversation" section of appsettings.json: how follow-ups, retrieval and the context budget behave.</summary>
public sealed class ConversationOptions
{
    public const string SectionName = "Conversation";

    /// <summary>At most this many earlier turns are considered for condensing and for the answer prompt (older ones are dropped first).</summary>
    [Range(0, 200)]
    public int MaxHistoryTurns { get; set; } = 10;

    /// <summary>Words of the previous standalone question carried into a follow-up when no model can condense it.</summary>
    [Range(0, 50)]
    public int MaxCarriedTerms { get; set; } = 6;

    /// <summary>Relevance floor: hits scoring below it are not passed on. Null: none (scores differ by search mode, so it is opt-in).</summary>
    public double? MinScore { get; set; }

    /// <summary>Also search with the question translated when a chat model is available and the index is mostly in the other language.</summary>
    public bool CrossLanguage { get; set; } = true;

    /// <summary>
    /// Translate when more than this share of the index (by chunks) is in the other language than the question's
    /// (Hangul or not). 0.5: when most of the index is in the other language; a half-and-half index already answers
    /// in both languages, and translating would cost every question a second model call.
    /// </summary>
    [Range(0.0, 1.0)]
    public double CrossLanguageMinShare { get; set; } = 0.5;

    /// <summary>Context window assumed when the chat profile does not state ContextWindow.</summary>
    [Range(512, 10_000_000)]
    public int DefaultContextWindow { get; set; } = 8192;

    /// <summary>Answer reserve when neither the prompt's max_tokens nor the profile's MaxOutputTokens is set.</summary>
    [Range(16, 1_000_000)]
    public int DefaultAnswerReserve { get; set; } = 1024;

    /// <summary>Passages kept before older turns are dropped: lower-ranked passages go first, but not below this many.</summary>
    [Range(1, 100)]
    public int MinPassagesBeforeHistory { get; set; } = 2;
}
