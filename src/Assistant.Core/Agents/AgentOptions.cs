using System.ComponentModel.DataAnnotations;

namespace Assistant.Core.Agents;

/// <summary>The agent's host-enforced limits (appsettings section <c>Agent</c>). An entry point may narrow them per request.</summary>
public sealed class AgentOptions
{
    public const string SectionName = "Agent";

    /// <summary>Rounds of tool calls per turn before the host stops the loop and asks for an answer from what was found.</summary>
    [Range(0, 20)]
    public int MaxSteps { get; set; } = 5;

    /// <summary>Tools a request may use when it names none (<see cref="AgentRequest.AllowedTools"/> null): function names or <c>Plugin_function</c>.</summary>
    public List<string> DefaultTools { get; set; } = [DocumentSearchPlugin.FunctionName];

    /// <summary>Most passages one turn may hold (given plus found by searches): the context stays bounded however often the model searches.</summary>
    [Range(1, 100)]
    public int MaxPassages { get; set; } = 20;

    /// <summary>Longest string any tool argument may be, for tools that declare no length of their own (remote and plugin tools).</summary>
    [Range(16, 100_000)]
    public int MaxArgumentChars { get; set; } = 2000;
}
