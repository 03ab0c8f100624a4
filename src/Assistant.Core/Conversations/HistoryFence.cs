using System.Text;
using System.Text.RegularExpressions;

namespace Assistant.Core.Conversations;

/// <summary>
/// Earlier turns fenced for a prompt like passages are (<see cref="Answering.PassageFence"/>): between
/// <c>&lt;history-NONCE&gt;</c> and <c>&lt;/history-NONCE&gt;</c>. A turn is data: the user may have pasted anything, and an
/// earlier answer quotes documents, so no turn can open or close a fence, and citation markers of earlier answers are
/// removed (they point at that turn's passages, not this one's, and a model would copy them).
/// </summary>
public static partial class HistoryFence
{
    /// <summary>The fenced turns, or an empty string when there are none.</summary>
    public static string Fence(IReadOnlyList<HistoryTurn> turns, string nonce)
    {
        if (turns.Count == 0) return string.Empty;
        var sb = new StringBuilder();
        sb.Append("<history-").Append(nonce).Append(">\n");
        foreach (var turn in turns) sb.Append(Turn(turn));
        sb.Append("</history-").Append(nonce).Append('>');
        return sb.ToString();
    }

    /// <summary>One turn's lines, as counted by the budget.</summary>
    public static string Turn(HistoryTurn turn) =>
        "User: " + Neutralise(OneParagraph(turn.Question)) + "\nAssistant: " + Neutralise(OneParagraph(Citations().Replace(turn.Answer, string.Empty))) + "\n";

    /// <summary>The value of <c>Answer/Grounded</c>'s optional <c>history</c> variable: a heading, the fence, a blank line; empty on a first turn.</summary>
    public static string ForAnswer(IReadOnlyList<HistoryTurn> turns, string nonce) =>
        turns.Count == 0 ? string.Empty : "Earlier turns:\n" + Fence(turns, nonce) + "\n\n";

    public static bool Mentions(IReadOnlyList<HistoryTurn> turns, string nonce) =>
        turns.Any(t => t.Question.Contains(nonce, StringComparison.OrdinalIgnoreCase) || t.Answer.Contains(nonce, StringComparison.OrdinalIgnoreCase));

    internal static string Neutralise(string text) => FenceTagStart().Replace(text, "&lt;");

    // Blank lines inside a turn would read as the end of the turn.
    private static string OneParagraph(string text) => BlankLines().Replace(text.Trim(), "\n");

    [GeneratedRegex(@"<(?=\s*/?\s*(history|passage))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FenceTagStart();

    [GeneratedRegex(@" ?\[\d{1,9}\]")]
    private static partial Regex Citations();

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex BlankLines();
}
