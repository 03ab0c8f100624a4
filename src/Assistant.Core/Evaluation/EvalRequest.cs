namespace Assistant.Core.Evaluation;

/// <summary>What to evaluate: `assistant eval`'s options, checked by the command.</summary>
public sealed record EvalRequest(string SetPath)
{
    /// <summary>Profiles to compare; <c>extractive</c> is the no-model answerer.</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [AnswerServiceEvalAnswerer.ExtractiveProfile];

    public bool RetrievalOnly { get; init; }

    /// <summary>How many times each question is asked (consistency needs at least 2).</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>Load levels: the first one runs the scored (cached) answers; each is then measured uncached when <see cref="MeasureLoad"/>.</summary>
    public IReadOnlyList<int> Concurrency { get; init; } = [1];

    public bool MeasureLoad { get; init; }

    /// <summary>Profile grading answers through <c>prompts/Eval/Judge</c>; null: no judge.</summary>
    public string? Judge { get; init; }

    /// <summary>Passages retrieved per question, and k of recall@k and nDCG@k.</summary>
    public int Top { get; init; } = 5;

    /// <summary>The answer cache file; null: no cache.</summary>
    public string? CachePath { get; init; }
}
