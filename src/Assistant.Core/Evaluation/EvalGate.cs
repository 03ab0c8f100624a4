using System.Globalization;

namespace Assistant.Core.Evaluation;

/// <summary>Thresholds a run must meet (CI gating); null: not checked.</summary>
public sealed record EvalThresholds(double? MinRecall = null, double? MinAccuracy = null, double? MaxFalseAnswerRate = null);

/// <summary>
/// Compares results with thresholds. Recall is the retrieval headline recall@k; accuracy (key facts) and the false-answer
/// rate are checked for every model. A figure that was not measured fails its gate: a gate that cannot be checked must
/// not pass silently.
/// </summary>
public static class EvalGate
{
    /// <returns>One line per figure that falls short; empty when everything passes.</returns>
    public static IReadOnlyList<string> Check(EvalResults results, EvalThresholds thresholds)
    {
        var failures = new List<string>();
        if (thresholds.MinRecall is { } minRecall)
        {
            if (results.Retrieval is not { } r) failures.Add($"recall@k was not measured (no answerable question with a source); --min-recall {F(minRecall)} cannot pass");
            else if (r.RecallAtK < minRecall) failures.Add($"retrieval recall@{r.K} ({r.Mode}) {F(r.RecallAtK)} < --min-recall {F(minRecall)}");
        }

        if (thresholds.MinAccuracy is { } minAccuracy)
        {
            if (results.Models.Count == 0) failures.Add($"no model was evaluated; --min-accuracy {F(minAccuracy)} cannot pass");
            foreach (var m in results.Models)
            {
                if (m.Accuracy.KeyFacts is not { } keyFacts) failures.Add($"{m.Profile}: key-fact accuracy was not measured (no answerable question)");
                else if (keyFacts < minAccuracy) failures.Add($"{m.Profile}: key-fact accuracy {F(keyFacts)} < --min-accuracy {F(minAccuracy)}");
            }
        }

        if (thresholds.MaxFalseAnswerRate is { } maxFalse)
        {
            if (results.Models.Count == 0) failures.Add($"no model was evaluated; --max-false-answer-rate {F(maxFalse)} cannot pass");
            foreach (var m in results.Models)
            {
                if (m.FalseAnswerRate is not { } rate) failures.Add($"{m.Profile}: false-answer rate was not measured (every answer failed)");
                else if (rate > maxFalse) failures.Add($"{m.Profile}: false-answer rate {F(rate)} > --max-false-answer-rate {F(maxFalse)}");
            }
        }

        return failures;
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
