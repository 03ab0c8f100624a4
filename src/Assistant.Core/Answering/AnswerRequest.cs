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

    /// <summary>
    /// Called when a chat model has been asked and no part of its answer has arrived after <see cref="WaitingAfter"/>,
    /// then every second while that lasts, and once more with <see cref="ModelWaiting.Ended"/> when the first part
    /// arrives or the call ends. A terminal surface shows it as a "waiting for &lt;profile&gt; (&lt;model&gt;)…" line.
    /// Called from a timer thread.
    /// </summary>
    public Action<ModelWaiting>? OnWaiting { get; init; }

    public TimeSpan WaitingAfter { get; init; } = TimeSpan.FromSeconds(3);
}
