using Assistant.Core.Retrieval;

namespace Assistant.Core.Answering;

/// <summary>A retrieved passage as cited in an answer: [N] in the answer text refers to it.</summary>
public sealed record Citation(int N, SearchHit Hit);

/// <summary>Token counts reported by the model.</summary>
public sealed record TokenUsage(long? InputTokens, long? OutputTokens, long? TotalTokens);

/// <summary>
/// An answer and the passages it rests on. <see cref="Found"/> is false when the documents do not answer the
/// question; <see cref="Answer"/> then says so in the question's language.
/// </summary>
public sealed record AnswerResult(string Answer, string Mode, bool Found, IReadOnlyList<Citation> Sources)
{
    public const string ExtractiveMode = "extractive";
    public const string GenerativeMode = "generative";

    /// <summary>Why the answer is extractive although generative was possible, or how to enable a model.</summary>
    public string? Notice { get; init; }

    public string? Model { get; init; }

    public string? Profile { get; init; }

    public string? FallbackFrom { get; init; }

    public TokenUsage? Usage { get; init; }

    public double? TimeToFirstTokenMs { get; init; }

    public double? TotalMs { get; init; }

    /// <summary>Things the user should know about how the answer was made (e.g. the default model was unusable); not part of the answer.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Each citation left in <see cref="Answer"/>, checked against its passage (<see cref="CitationChecker"/>).</summary>
    public IReadOnlyList<CitationCheck> CitationChecks { get; init; } = [];

    /// <summary>Citations to passages that were not given, removed from <see cref="Answer"/> (a streamed answer showed them already).</summary>
    public IReadOnlyList<int> RemovedCitations { get; init; } = [];
}
