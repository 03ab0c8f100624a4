using System.Text;
using System.Text.RegularExpressions;
using Assistant.Core.Models;
using Assistant.Core.Retrieval;
using Assistant.Core.Text;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using SkKernel = Microsoft.SemanticKernel.Kernel;

namespace Assistant.Core.Answering;

/// <summary>
/// Retrieval-augmented answers: an invocation of the <c>Answer/Grounded</c> prompt function on a Kernel, with the
/// retrieved passages fenced by <see cref="PassageFence"/> (document text is data, never instructions or structure);
/// the answer streams back with [n] citations that map to those passages' ids.
/// Temperature and max_tokens come from the prompt's config.json (the profile's own defaults fill what it leaves open).
/// </summary>
public sealed partial class GenerativeAnswerer(TimeProvider timeProvider)
{
    public const string PluginName = "Answer";
    public const string FunctionName = "Grounded";

    /// <param name="onToken">Called with each streamed piece of text, e.g. to print it as it arrives.</param>
    public Task<AnswerResult> AnswerAsync(
        SkKernel kernel,
        string question,
        IReadOnlyList<SearchHit> hits,
        Action<string>? onToken = null,
        CancellationToken cancellationToken = default) =>
        AnswerAsync(kernel, new GroundedContext(question, hits), onToken, cancellationToken);

    /// <summary>An answer from <paramref name="context"/>: its passages, and the earlier turns when it is a follow-up.</summary>
    public async Task<AnswerResult> AnswerAsync(SkKernel kernel, GroundedContext context, Action<string>? onToken, CancellationToken cancellationToken)
    {
        var (question, hits) = (context.Question, context.Hits);
        var citations = hits.Select(h => new Citation(h.Rank, h)).ToList();
        var notFound = ExtractiveAnswerer.NotFoundMessage(question);
        if (hits.Count == 0)
        {
            return new AnswerResult(notFound, AnswerResult.GenerativeMode, false, citations);
        }

        var function = kernel.Plugins.GetFunction(PluginName, FunctionName);
        var fenced = context.Nonce is { } nonce ? PassageFence.Fence(hits, () => nonce) : PassageFence.Fence(hits);
        // Values go in as variables, which SK escapes: a passage holding "</message><message role=\"system\">" stays
        // text in the user message. Never render them into the template itself.
        var arguments = Arguments(question, fenced, context.History);

        var started = timeProvider.GetTimestamp();
        double? firstTokenMs = null;
        var text = new StringBuilder();
        var updates = new List<ChatResponseUpdate>();

        // <ChatResponseUpdate> yields the chat client's own updates, so usage (the last update) and the profile and
        // fallback labels our middleware adds come through untouched.
        await foreach (var update in kernel.InvokeStreamingAsync<ChatResponseUpdate>(function, arguments, cancellationToken))
        {
            updates.Add(update);
            var piece = update.Text;
            if (string.IsNullOrEmpty(piece)) continue;
            firstTokenMs ??= timeProvider.GetElapsedTime(started).TotalMilliseconds;
            text.Append(piece);
            onToken?.Invoke(piece);
        }

        var totalMs = timeProvider.GetElapsedTime(started).TotalMilliseconds;
        var response = updates.ToChatResponse();
        var answer = text.ToString().Trim();
        var usage = response.Usage;
        // Found means the answer cites a passage we sent: "[7]" copied from a passage's text, with five passages, does not count.
        var found = CitesAny(answer, fenced.Ids) && !answer.Contains(notFound, StringComparison.Ordinal);

        return new AnswerResult(answer.Length > 0 ? answer : notFound, AnswerResult.GenerativeMode, found, citations)
        {
            Model = response.ModelId,
            Profile = Property(response, updates, ModelResponseKeys.Profile),
            FallbackFrom = Property(response, updates, ModelResponseKeys.FallbackFrom),
            Usage = usage is null ? null : new TokenUsage(usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount ?? (usage.InputTokenCount + usage.OutputTokenCount)),
            TimeToFirstTokenMs = firstTokenMs,
            TotalMs = totalMs,
        };
    }

    /// <summary>The variables of <c>Answer/Grounded</c>; also what the context budget renders to count the prompt.</summary>
    public static KernelArguments Arguments(string question, FencedPassages fenced, string history) => new()
    {
        ["question"] = question,
        ["passages"] = fenced.Text,
        ["nonce"] = fenced.Nonce,
        ["language"] = TextAnalyzer.ContainsHangul(question) ? "Korean" : "English",
        ["not_found"] = ExtractiveAnswerer.NotFoundMessage(question),
        ["history"] = history,
    };

    private static string? Property(ChatResponse response, List<ChatResponseUpdate> updates, string key)
    {
        if (response.AdditionalProperties?.TryGetValue(key, out var value) == true) return value?.ToString();
        return updates.Select(u => u.AdditionalProperties?.GetValueOrDefault(key)?.ToString()).LastOrDefault(v => v is not null);
    }

    private static bool CitesAny(string answer, IReadOnlyList<int> ids) =>
        Citations().Matches(answer).Any(m => int.TryParse(m.Groups[1].ValueSpan, out var n) && ids.Contains(n));

    [GeneratedRegex(@"\[(\d{1,9})\]")]
    private static partial Regex Citations();
}
