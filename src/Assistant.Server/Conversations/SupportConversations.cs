using System.Collections.Concurrent;
using Assistant.Core.Conversations;
using Assistant.Core.Conversations.Sessions;
using Assistant.Core.KnowledgeBases;

namespace Assistant.Server.Conversations;

/// <summary>A server conversation as read back: its turns with their escalations.</summary>
public sealed record SupportConversation(ConversationOwner Owner, IReadOnlyList<StoredTurn> Turns, IReadOnlyList<EscalationRecord> Escalations);

/// <summary>One answered message: the stored turn and, when it hands off, why.</summary>
public sealed record SupportReply(StoredTurn Turn, string? EscalationReason);

/// <summary>
/// Support-bot conversations over a knowledge base's own chat sessions (<see cref="ChatSessions"/> of the base's
/// container, so turns land in that base's <c>sessions.db</c>), plus ownership, feedback and escalations in the base's
/// <see cref="SupportStore"/>. A conversation is found only through the knowledge base and key that opened it.
/// </summary>
public sealed class SupportConversations(EscalationPolicy escalation, TimeProvider time)
{
    /// <summary>Session names of server conversations, stored as <see cref="SessionKinds.Support"/>: the console's list leaves them out.</summary>
    public const string SessionPrefix = "support-";

    private readonly ConcurrentDictionary<string, SupportStore> _stores = new(StringComparer.Ordinal);

    public SupportStore StoreOf(KnowledgeBase kb) =>
        _stores.GetOrAdd(kb.Name, _ => new SupportStore(Path.Combine(kb.DataDirectory, SupportStore.FileName)));

    public async Task<ConversationOwner> CreateAsync(KnowledgeBase kb, string keyName, CancellationToken cancellationToken)
    {
        var owner = new ConversationOwner(Guid.NewGuid().ToString("N"), keyName, time.GetUtcNow());
        await StoreOf(kb).AddConversationAsync(owner, cancellationToken);
        await Sessions(kb).OpenAsync(SessionPrefix + owner.Id, SessionKinds.Support, cancellationToken);
        return owner;
    }

    /// <summary>Null when there is no such conversation for this key in this base.</summary>
    public async Task<SupportConversation?> GetAsync(KnowledgeBase kb, string keyName, string id, CancellationToken cancellationToken)
    {
        var store = StoreOf(kb);
        if (await store.FindConversationAsync(id, keyName, cancellationToken) is not { } owner) return null;
        var sessions = kb.Services.GetRequiredService<SessionStore>();
        var turns = await sessions.FindAsync(SessionPrefix + id, cancellationToken) is { } info ? await sessions.TurnsAsync(info.Id, cancellationToken) : [];
        return new SupportConversation(owner, turns, await store.ListEscalationsAsync(id, 10_000, cancellationToken));
    }

    public Task<ConversationOwner?> FindAsync(KnowledgeBase kb, string keyName, string id, CancellationToken cancellationToken) =>
        StoreOf(kb).FindConversationAsync(id, keyName, cancellationToken);

    /// <summary>
    /// Answers <paramref name="content"/> as the conversation's next turn (earlier turns are the history), stores it, and
    /// decides the hand-off. <paramref name="request"/> carries the streaming callbacks; its question is the content.
    /// </summary>
    public async Task<SupportReply> AskAsync(KnowledgeBase kb, ConversationOwner owner, ConversationRequest request, CancellationToken cancellationToken)
    {
        var session = await Sessions(kb).OpenAsync(SessionPrefix + owner.Id, SessionKinds.Support, cancellationToken, historyOnly: true);
        var (stored, _) = await Sessions(kb).AskAsync(session, request with { Filter = kb.Scope(request.Filter) }, cancellationToken);
        var customer = session.Turns.Select(t => t.Question).ToList();
        var reason = await escalation.DecideAsync(customer, stored.Found, CancellationToken.None);
        if (reason is not null)
        {
            await StoreOf(kb).AddEscalationAsync(new EscalationRecord(owner.Id, stored.N, reason, stored.Question, owner.KeyName, stored.At), CancellationToken.None);
        }

        return new SupportReply(stored, reason);
    }

    private static ChatSessions Sessions(KnowledgeBase kb) => kb.Services.GetRequiredService<ChatSessions>();
}
