using System.Runtime.CompilerServices;
using Assistant.Core.Answering;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Models;

/// <summary>
/// Adds up the token usage of every call made through it: a conversation turn makes side calls (condensing the
/// follow-up, translating the query, summarising old turns) before the answer, and all of them are paid for. Sits
/// outside the retry and fallback chain, so it counts the calls that answered, once each.
/// </summary>
public sealed class UsageMeterChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    private readonly Lock _gate = new();
    private TokenUsage? _total;

    /// <summary>The sum over the calls that reported usage; null while none has.</summary>
    public TokenUsage? Total
    {
        get
        {
            lock (_gate) return _total;
        }
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        Add(response.Usage);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            foreach (var usage in update.Contents.OfType<UsageContent>()) Add(usage.Details);
            yield return update;
        }
    }

    /// <summary>Two usages added field by field; a count neither reported stays null.</summary>
    public static TokenUsage? Sum(TokenUsage? a, TokenUsage? b)
    {
        if (a is null) return b;
        if (b is null) return a;
        static long? Plus(long? x, long? y) => x is null && y is null ? null : (x ?? 0) + (y ?? 0);
        return new TokenUsage(Plus(a.InputTokens, b.InputTokens), Plus(a.OutputTokens, b.OutputTokens), Plus(a.TotalTokens, b.TotalTokens));
    }

    private void Add(UsageDetails? details)
    {
        if (details is null) return;
        var usage = new TokenUsage(details.InputTokenCount, details.OutputTokenCount, details.TotalTokenCount ?? (details.InputTokenCount + details.OutputTokenCount));
        lock (_gate) _total = Sum(_total, usage);
    }
}
