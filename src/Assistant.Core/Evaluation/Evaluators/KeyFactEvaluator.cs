using Assistant.Core.Evaluation.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Assistant.Core.Evaluation.Evaluators;

/// <summary>Normalised contains-match of the key facts (<see cref="AnswerText.KeyFactScore"/>) as an M.E.AI.Evaluation evaluator.</summary>
public sealed class KeyFactEvaluator : IEvaluator
{
    public const string MetricName = "Key facts";

    public IReadOnlyCollection<string> EvaluationMetricNames { get; } = [MetricName];

    public ValueTask<EvaluationResult> EvaluateAsync(
        IEnumerable<ChatMessage> messages,
        ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        var facts = additionalContext?.OfType<KeyFactsContext>().FirstOrDefault()?.Facts ?? [];
        var metric = new NumericMetric(MetricName, AnswerText.KeyFactScore(modelResponse.Text, facts), "share of the key facts the answer contains (normalised)");
        if (facts.Count == 0) metric.AddDiagnostics(EvaluationDiagnostic.Warning("no key facts given"));
        return ValueTask.FromResult(new EvaluationResult(metric));
    }
}
