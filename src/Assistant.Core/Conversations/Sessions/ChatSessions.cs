namespace Assistant.Core.Conversations.Sessions;

/// <summary>An open chat session: its identity and the turns so far (oldest first), which are the next turn's history.</summary>
public sealed class ChatSession(SessionInfo info, IReadOnlyList<StoredTurn> turns, bool created)
{
    private readonly List<StoredTurn> _turns = [.. turns];

    public SessionInfo Info { get; } = info;

    public string Id => Info.Id;

    public string Name => Info.Name;

    /// <summary>True when opening made it (a new name); false when it resumed stored turns.</summary>
    public bool Created { get; } = created;

    public IReadOnlyList<StoredTurn> Turns => _turns;

    internal void Add(StoredTurn turn) => _turns.Add(turn);

    internal void Clear() => _turns.Clear();
}

/// <summary>
/// Conversations that persist: opens or resumes a named session, answers each question through
/// <see cref="ConversationService"/> with the session's turns as history, and stores every turn. What `chat` (and later
/// the server) calls; it never prints.
/// </summary>
public sealed class ChatSessions(ConversationService conversations, SessionStore store, TimeProvider time)
{
    /// <summary>Resumes the session named <paramref name="name"/>, or starts it; null: a new session named after the time.</summary>
    public Task<ChatSession> OpenAsync(string? name, CancellationToken cancellationToken) => OpenAsync(name, SessionKinds.Chat, cancellationToken);

    /// <summary>As <see cref="OpenAsync(string?, CancellationToken)"/>; a new session is stored as <paramref name="kind"/> (<see cref="SessionKinds"/>).</summary>
    /// <param name="historyOnly">The turns come without their sources, citations and tool calls (<see cref="SessionStore.TurnsAsync"/>): enough to answer the next question.</param>
    public async Task<ChatSession> OpenAsync(string? name, string kind, CancellationToken cancellationToken, bool historyOnly = false)
    {
        var now = time.GetUtcNow();
        name ??= "chat-" + now.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var (info, created) = await store.OpenOrCreateAsync(name, kind, now, cancellationToken);
        var turns = created ? [] : await store.TurnsAsync(info.Id, cancellationToken, historyOnly);
        return new ChatSession(info, turns, created);
    }

    /// <summary>
    /// Answers <paramref name="request"/> as the session's next turn (its <c>History</c> is filled from the session) and
    /// stores it. The live turn carries what is not stored (warnings, notice, budget).
    /// </summary>
    public async Task<(StoredTurn Stored, ConversationTurn Live)> AskAsync(ChatSession session, ConversationRequest request, CancellationToken cancellationToken)
    {
        var history = session.Turns.Select(t => t.ToHistory()).ToList();
        var live = await conversations.AskAsync(request with { History = history }, cancellationToken);
        // Saving is not cancelled with the answer: a turn the user saw is kept.
        var stored = await store.AppendAsync(session.Id, live, time.GetUtcNow(), CancellationToken.None);
        session.Add(stored);
        return (stored, live);
    }

    /// <summary>Forgets the session's turns: the next question starts a new conversation under the same name.</summary>
    public async Task ResetAsync(ChatSession session, CancellationToken cancellationToken)
    {
        await store.ClearAsync(session.Id, time.GetUtcNow(), cancellationToken);
        session.Clear();
    }
}
