using System.Globalization;
using System.Text.RegularExpressions;
using Assistant.Core.KernelHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using Microsoft.SemanticKernel;

namespace Assistant.Core.Evaluation.Evaluators;

/// <summary>
/// LLM-as-judge: the <c>Eval/Judge</c> prompt asks the chat model of <see cref="ChatConfiguration"/> to grade the answer
/// against the reference from 1 to 5; the metric is (grade − 1) / 4 in [0, 1]. A reply without a grade gives no value
/// (and a diagnostic) rather than a guess.
/// </summary>
public sealed partial class JudgeEvaluator(AssistantKernelFactory kernels) : IEvaluator
{
    public const string MetricName = "Judge";
    public const string PluginName = "Eval";
    public const string FunctionName = "Judge";

    public IReadOnlyCollection<string> EvaluationMetricNames { get; } = [MetricName];

    public async ValueTask<EvaluationResult> EvaluateAsync(
        IEnumerable<ChatMessage> messages,
        ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chatConfiguration);
        var facts = additionalContext?.OfType<KeyFactsContext>().FirstOrDefault()?.Facts ?? [];
        var question = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var kernel = kernels.Create(chatConfiguration.ChatClient);
        var result = await kernel.InvokeAsync(
            kernel.Plugins.GetFunction(PluginName, FunctionName),
            new KernelArguments
            {
                ["question"] = question,
                ["reference"] = facts.Count == 0 ? "(the documents do not answer this question; a correct answer says so)" : string.Join("; ", facts),
                ["answer"] = modelResponse.Text,
            },
            cancellationToken);
        var reply = result.GetValue<ChatResponse>()?.Text ?? result.ToString();
        var metric = new NumericMetric(MetricName, Parse(reply), "LLM judge grade, (1–5 − 1) / 4");
        if (metric.Value is null) metric.AddDiagnostics(EvaluationDiagnostic.Warning($"the judge gave no grade: {Shorten(reply)}"));
        return new EvaluationResult(metric);
    }

    /// <summary>The first grade 1–5 after "score" (or alone on the reply), scaled to [0, 1]; null when there is none.</summary>
    public static double? Parse(string reply)
    {
        var match = Grade().Match(reply);
        return match.Success ? (int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) - 1) / 4.0 : null;
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "…";

    [GeneratedRegex(@"(?:score\s*[:=]?\s*|^\s*)([1-5])\b", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex Grade();
}
