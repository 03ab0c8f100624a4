using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Assistant.Core.Prompts;
using Assistant.Core.Retrieval;
using Assistant.Core.Text;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Answering;

/// <summary>
/// Retrieval-augmented answers: the retrieved passages go to the chat model, numbered, with the
/// Answer/Grounded prompt; the answer streams back with [n] citations that map to those passages.
/// </summary>
public sealed partial class GenerativeAnswerer(PromptTemplate prompt, TimeProvider timeProvider)
{
    /// <param name="onToken">Called with each streamed piece of text, e.g. to print it as it arrives.</param>
    public async Task<AnswerResult> AnswerAsync(
        IChatClient chatClient,
        string question,
        IReadOnlyList<SearchHit> hits,
        ChatOptions? options = null,
        Action<string>? onToken = null,
        CancellationToken cancellationToken = default)
    {
        var citations = hits.Select(h => new Citation(h.Rank, h)).ToList();
        var notFound = ExtractiveAnswerer.NotFoundMessage(question);
        if (hits.Count == 0)
        {
            return new AnswerResult(notFound, AnswerResult.GenerativeMode, false, citations);
        }

        var messages = prompt.Render(new Dictionary<string, string>
        {
            ["question"] = question,
            ["passages"] = FormatPassages(hits),
            ["language"] = TextAnalyzer.ContainsHangul(question) ? "Korean" : "English",
            ["not_found"] = notFound,
        });

        var chatOptions = options?.Clone() ?? prompt.DefaultOptions();
        var started = timeProvider.GetTimestamp();
        double? firstTokenMs = null;
        var text = new StringBuilder();
        var updates = new List<ChatResponseUpdate>();

        await foreach (var update in chatClient.GetStreamingResponseAsync(messages, chatOptions, cancellationToken))
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
        var found = Citations().IsMatch(answer) && !answer.Contains(notFound, StringComparison.Ordinal);

        return new AnswerResult(answer.Length > 0 ? answer : notFound, AnswerResult.GenerativeMode, found, citations)
        {
            Model = response.ModelId,
            Profile = Property(response, updates, "profile"),
            FallbackFrom = Property(response, updates, "fallback_from"),
            Usage = usage is null ? null : new TokenUsage(usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount ?? (usage.InputTokenCount + usage.OutputTokenCount)),
            TimeToFirstTokenMs = firstTokenMs,
            TotalMs = totalMs,
        };
    }

    /// <summary>Each passage headed by its number and where it comes from, so the model can cite it.</summary>
    public static string FormatPassages(IReadOnlyList<SearchHit> hits)
    {
        var sb = new StringBuilder();
        foreach (var hit in hits)
        {
            sb.Append('[').Append(hit.Rank).Append("] ").Append(Path.GetFileName(hit.Source));
            if (hit.Section.Length > 0) sb.Append(" — ").Append(hit.Section);
            if (hit.Page is { } page) sb.Append(", page ").Append(page);
            sb.Append('\n').Append(hit.Text.Trim()).Append("\n\n");
        }

        return sb.ToString().TrimEnd();
    }

    private static string? Property(ChatResponse response, List<ChatResponseUpdate> updates, string key)
    {
        if (response.AdditionalProperties?.TryGetValue(key, out var value) == true) return value?.ToString();
        return updates.Select(u => u.AdditionalProperties?.GetValueOrDefault(key)?.ToString()).LastOrDefault(v => v is not null);
    }

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Citations();
}
