using Microsoft.Extensions.AI.Evaluation;

namespace Assistant.Core.Evaluation.Evaluators;

/// <summary>The key facts a correct answer holds, handed to the evaluators as M.E.AI.Evaluation context.</summary>
public sealed class KeyFactsContext(IReadOnlyList<string> facts) : EvaluationContext(ContextName, string.Join("\n", facts))
{
    public const string ContextName = "Key facts";

    public IReadOnlyList<string> Facts { get; } = facts;
}
