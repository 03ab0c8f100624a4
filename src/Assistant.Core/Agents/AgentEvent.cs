namespace Assistant.Core.Agents;

/// <summary>
/// What a streaming surface sees while a turn runs: pieces of answer text with tool activity between them.
/// </summary>
public abstract record AgentEvent;

/// <summary>A piece of the answer text as it streams in.</summary>
public sealed record AgentTextDelta(string Text) : AgentEvent;

/// <summary>A tool call is about to run (after the host allowed and validated it).</summary>
public sealed record AgentToolStarted(string Name, string Arguments) : AgentEvent;

/// <summary>A tool call ended, successfully or not; refused calls end here too, without a start.</summary>
public sealed record AgentToolCompleted(ToolCallRecord Call) : AgentEvent;
