using Assistant.Core.Agents;
using Assistant.Core.Answering;
using Assistant.Core.Retrieval;

namespace Assistant.Core.Conversations.Sessions;

/// <summary>A chat session as listed: its name, id, when it began and last changed, how many turns it holds.</summary>
public sealed record SessionInfo(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Turns)
{
    /// <summary>Who keeps it: <see cref="SessionKinds.Chat"/> (the console) or <see cref="SessionKinds.Support"/> (the server).</summary>
    public string Kind { get; init; } = SessionKinds.Chat;
}

/// <summary>
/// What a session is for. The support server keeps its conversations in the same sessions.db as the console; the kind
/// lets `assistant sessions list` show the console's own without them.
/// </summary>
public static class SessionKinds
{
    public const string Chat = "chat";
    public const string Support = "support";
}

/// <summary>
/// One persisted turn: the user's message, the standalone question searched, the answer, its sources and checked
/// citations, the tool calls, and the model, profile, usage and timings of the turn.
/// </summary>
public sealed record StoredTurn(
    int N,
    string Question,
    string StandaloneQuestion,
    string Answer,
    string Mode,
    bool Found,
    IReadOnlyList<SearchHit> Sources,
    IReadOnlyList<CitationCheck> Citations,
    IReadOnlyList<ToolCallRecord> ToolCalls,
    string? Model,
    string? Profile,
    TokenUsage? Usage,
    double? TimeToFirstTokenMs,
    double TotalMs,
    DateTimeOffset At)
{
    public static StoredTurn From(int n, ConversationTurn turn, DateTimeOffset at) => new(
        n,
        turn.Question,
        turn.StandaloneQuestion,
        turn.Answer.Answer,
        turn.Answer.Mode,
        turn.Answer.Found,
        turn.Answer.Sources.Select(s => s.Hit).ToList(),
        turn.Answer.CitationChecks,
        turn.ToolCalls,
        turn.Answer.Model,
        turn.Answer.Profile,
        turn.Answer.Usage,
        turn.Answer.TimeToFirstTokenMs,
        turn.TotalMs,
        at);

    public HistoryTurn ToHistory() => new(Question, StandaloneQuestion, Answer);
}
