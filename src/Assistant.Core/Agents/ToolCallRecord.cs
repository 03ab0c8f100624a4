namespace Assistant.Core.Agents;

/// <summary>
/// One tool call the agent made during a turn, as surfaces report it (<c>toolCalls[]</c> in <c>chat --json</c>).
/// <paramref name="Arguments"/> is the JSON object the model passed; <paramref name="Ms"/> the time the tool ran.
/// </summary>
public sealed record ToolCallRecord(string Name, string Arguments, bool Ok, double Ms)
{
    /// <summary>Why the call failed or was refused (not allowed, invalid arguments, not approved, the tool threw); null when it succeeded.</summary>
    public string? Error { get; init; }
}
