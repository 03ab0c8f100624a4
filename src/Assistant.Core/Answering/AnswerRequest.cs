using Assistant.Core.Retrieval;

namespace Assistant.Core.Answering;

/// <summary>One question for <see cref="AnswerService"/>.</summary>
public sealed record AnswerRequest(string Question)
{
    /// <summary>How many passages to retrieve (and cite at most).</summary>
    public int Top { get; init; } = 5;

    public SearchFilter? Filter { get; init; }

    /// <summary>Chat model profile for this question; null: Models:DefaultChat if usable, else a local Ollama model, else extractive.</summary>
    public string? Profile { get; init; }

    /// <summary>Called with each piece of a generated answer as it streams in.</summary>
    public Action<string>? OnToken { get; init; }

    /// <summary>
    /// Called as soon as something worth telling the user happens before the answer (e.g. the default model is
    /// unusable), so a streaming surface can show it first. The same notes are also in <see cref="AnswerResult.Warnings"/>.
    /// </summary>
    public Action<string>? OnWarning { get; init; }
}
