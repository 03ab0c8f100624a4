using System.Text.Json;
using Assistant.Core.Conversations.Sessions;

namespace Assistant.Cli.Output;

/// <summary>
/// `chat --json` (one object per turn, JSON Lines) and `sessions --json`. A public contract documented in the README:
/// add fields, never rename or remove. A turn read back from a session has the same shape as when it was answered.
/// </summary>
internal static class ChatJson
{
    /// <summary>One line per object: JSON Lines.</summary>
    private static readonly JsonSerializerOptions Lines = new(Json.Options) { WriteIndented = false };

    public static void WriteLine<T>(T value)
    {
        Console.Out.WriteLine(JsonSerializer.Serialize(value, Lines));
        Console.Out.Flush();
    }

    public static ChatTurnJson Turn(StoredTurn turn, string sessionId, string cwd) => new(
        turn.N,
        sessionId,
        turn.Question,
        turn.StandaloneQuestion,
        turn.Answer,
        turn.Mode,
        turn.Found,
        turn.Sources.Select(h => new SourceJson(h.Rank, h.Rank, Math.Round(h.Score, 6), h.DocumentId, Json.DisplayPath(h.Source, cwd), h.Section, h.Page, h.Text)).ToList(),
        turn.Citations.Select(c => new ChatCitationJson(c.N, c.Supported)).ToList(),
        turn.ToolCalls.Select(t => new ToolCallJson(t.Name, t.Arguments, t.Ok, Math.Round(t.Ms, 1))).ToList(),
        turn.Model,
        turn.Profile,
        turn.Usage is null ? null : new UsageJson(turn.Usage.InputTokens, turn.Usage.OutputTokens, turn.Usage.TotalTokens),
        turn.TimeToFirstTokenMs is { } ttft ? Math.Round(ttft, 1) : null,
        Math.Round(turn.TotalMs, 1));

    public static SessionJson Session(SessionInfo session) => new(session.Id, session.Name, session.CreatedAt, session.UpdatedAt, session.Turns, session.Kind);
}

internal sealed record ChatCitationJson(int N, bool Supported);

internal sealed record ToolCallJson(string Name, string Arguments, bool Ok, double Ms);

internal sealed record ChatTurnJson(
    int Turn,
    string SessionId,
    string Question,
    string StandaloneQuestion,
    string Answer,
    string Mode,
    bool Found,
    IReadOnlyList<SourceJson> Sources,
    IReadOnlyList<ChatCitationJson> Citations,
    IReadOnlyList<ToolCallJson> ToolCalls,
    string? Model,
    string? Profile,
    UsageJson? Usage,
    double? TimeToFirstTokenMs,
    double TotalMs);

internal sealed record SessionJson(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Turns, string Kind);

internal sealed record SessionDetailJson(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<ChatTurnJson> Turns);
