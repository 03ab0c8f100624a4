using Assistant.Core.Evaluation.Metrics;

namespace Assistant.Core.Evaluation;

/// <summary>
/// Turns measured answers into a model's figures. Definitions (README "Compare models"):
/// keyFacts and tokenF1 average over answerable questions (an error scores 0); refusalRate is the share of
/// unanswerable questions answered "don't know"; falseAnswerRate the share of given answers (found) that are false:
/// any answer to an unanswerable question, or one missing the key fact; citationPrecision is supported citations over
/// checked citations; tokens/s is output tokens over the time after the first token, summed over answers
/// (the whole time for an answer that arrives at once).
/// </summary>
public static class ModelScorer
{
    public static ModelSlice Slice(IReadOnlyList<EvalAnswer> answers, IReadOnlyDictionary<string, EvalQuestion> questions)
    {
        var ok = answers.Where(a => a.Error is null).ToList();
        var answerable = answers.Where(a => questions[a.QuestionId].Answerable).ToList();
        var unanswerable = ok.Where(a => !questions[a.QuestionId].Answerable).ToList();

        double? keyFacts = answerable.Count == 0 ? null : answerable.Average(a => a.Error is null ? a.KeyFacts ?? 0 : 0);
        double? f1 = answerable.Count == 0 ? null : answerable.Average(a => a.Error is null ? a.TokenF1 ?? 0 : 0);
        var judged = ok.Where(a => a.Judge is not null).ToList();
        double? judge = judged.Count == 0 ? null : judged.Average(a => a.Judge!.Value);

        var checkedCitations = ok.Sum(a => a.CheckedCitations);
        double? citationPrecision = checkedCitations == 0 ? null : (double)ok.Sum(a => a.SupportedCitations) / checkedCitations;
        double? refusal = unanswerable.Count == 0 ? null : (double)unanswerable.Count(a => !a.Found) / unanswerable.Count;
        var given = ok.Where(a => a.Found).ToList();
        double? falseAnswers = given.Count == 0 ? (ok.Count == 0 ? null : 0) : (double)given.Count(a => IsFalse(a, questions[a.QuestionId])) / given.Count;

        return new ModelSlice(
            answers.Select(a => a.QuestionId).Distinct().Count(),
            Latency(ok),
            TokensPerSecond(ok),
            new AccuracyResults(Round(keyFacts), Round(f1), Round(judge)),
            Round(citationPrecision),
            Round(refusal),
            Round(falseAnswers),
            answers.Count - ok.Count);
    }

    public static bool IsFalse(EvalAnswer answer, EvalQuestion question) =>
        answer.Found && (!question.Answerable || (answer.KeyFacts ?? 0) < 1);

    public static LatencyResults Latency(IReadOnlyList<EvalAnswer> ok)
    {
        var ttft = ok.Where(a => a.TtftMs is not null).Select(a => a.TtftMs!.Value).ToList();
        var total = ok.Where(a => a.TotalMs is not null).Select(a => a.TotalMs!.Value).ToList();
        return new LatencyResults(Round(Percentiles.Of(ttft, 50), 1), Round(Percentiles.Of(ttft, 95), 1), Round(Percentiles.Of(total, 50), 1), Round(Percentiles.Of(total, 95), 1));
    }

    public static double? TokensPerSecond(IReadOnlyList<EvalAnswer> ok)
    {
        var tokens = 0L;
        var seconds = 0.0;
        foreach (var a in ok)
        {
            if (a.TotalMs is not { } total) continue;
            var generating = total - (a.TtftMs ?? 0);
            tokens += a.OutputTokens;
            seconds += (generating > 0 ? generating : total) / 1000;
        }

        return seconds <= 0 ? null : Round(tokens / seconds, 1);
    }

    /// <summary>Mean consistency over questions asked at least twice.</summary>
    public static double? Consistency(IReadOnlyList<EvalAnswer> answers)
    {
        var values = answers.Where(a => a.Error is null)
            .GroupBy(a => a.QuestionId, StringComparer.Ordinal)
            .Select(g => Metrics.Consistency.Of(g.OrderBy(a => a.Repeat).Select(a => (a.Answer, (IReadOnlySet<string>)a.CitedSources.ToHashSet(StringComparer.Ordinal))).ToList()))
            .Where(v => v is not null)
            .Select(v => v!.Value)
            .ToList();
        return values.Count == 0 ? null : Round(values.Average());
    }

    public static double? Round(double? value, int digits = 4) => value is { } v ? Math.Round(v, digits) : null;
}
