namespace Assistant.Core.Evaluation;

/// <summary>
/// What one model said to one question in one repeat, as measured: the raw material every model metric is computed
/// from, and what the answer cache keeps (so a re-run scores cached answers with the current set and rules).
/// </summary>
public sealed record EvalAnswer(string QuestionId, int Repeat, string Profile)
{
    public string? Model { get; init; }

    public string Answer { get; init; } = "";

    /// <summary>False when the answer says the documents do not answer the question.</summary>
    public bool Found { get; init; }

    /// <summary>Sources of the passages the answer cites ([n] markers), distinct, in order of first citation.</summary>
    public IReadOnlyList<string> CitedSources { get; init; } = [];

    /// <summary>Citations the citation check found supported, and all it checked.</summary>
    public int SupportedCitations { get; init; }

    public int CheckedCitations { get; init; }

    /// <summary>From the call to the first piece of answer text (retrieval included); the whole answer for a non-streaming answerer.</summary>
    public double? TtftMs { get; init; }

    public double? TotalMs { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    /// <summary>Whether <see cref="OutputTokens"/> came from the model's usage report (else counted with o200k).</summary>
    public bool ReportedUsage { get; init; }

    /// <summary>Why no answer came (model error); such answers are never cached, so a re-run asks again.</summary>
    public string? Error { get; init; }

    public bool TimedOut { get; init; }

    /// <summary>Share of the key facts the answer holds (<see cref="Evaluators.KeyFactEvaluator"/>); scored on every run, null when unanswerable.</summary>
    public double? KeyFacts { get; init; }

    /// <summary>Token F1 against the key facts (<see cref="Evaluators.TokenF1Evaluator"/>); scored on every run.</summary>
    public double? TokenF1 { get; init; }

    /// <summary>The judge's score in [0, 1] when a judge was asked.</summary>
    public double? Judge { get; init; }

    /// <summary>True when this came from the cache rather than from the model in this run.</summary>
    public bool Cached { get; init; }
}
