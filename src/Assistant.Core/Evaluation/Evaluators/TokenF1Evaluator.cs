using Assistant.Core.Evaluation.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Assistant.Core.Evaluation.Evaluators;

/// <summary>Token F1 of the answer against the reference (the key facts joined) as an M.E.AI.Evaluation evaluator.</summary>
public sealed class TokenF1Evaluator : IEvaluator
{
    public const string MetricName = "Token F1";

    public IReadOnlyCollection<string> EvaluationMetricNames { get; } = [MetricName];

    public ValueTask<EvaluationResult> EvaluateAsync(
        IEnumerable<ChatMessage> messages,
        ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        var facts = additionalContext?.OfType<KeyFactsContext>().FirstOrDefault()?.Facts ?? [];
        double? value = facts.Count == 0 ? null : AnswerText.TokenF1(modelResponse.Text, string.Join(" ", facts));
        return ValueTask.FromResult(new EvaluationResult(new NumericMetric(MetricName, value, "token F1 against the reference")));
    }
}
