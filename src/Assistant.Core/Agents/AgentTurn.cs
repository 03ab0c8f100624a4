using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace Assistant.Core.Agents;

/// <summary>
/// The state one turn's filters share: what is allowed, who approves, and the record of every tool call, which it
/// reports to the caller as events. Tool calls may run concurrently; events go out one at a time.
/// </summary>
internal sealed partial class AgentTurn(
    IReadOnlyCollection<string> allowed,
    int maxSteps,
    int maxArgumentChars,
    IToolApprover? approver,
    Action<AgentEvent>? onEvent,
    ILogger logger)
{
    private readonly Lock _lock = new();
    private readonly List<ToolCallRecord> _calls = [];

    public IReadOnlyCollection<string> Allowed => allowed;

    public int MaxSteps => maxSteps;

    public int MaxArgumentChars => maxArgumentChars;

    public IToolApprover? Approver => approver;

    public ILogger Logger => logger;

    /// <summary>Set by the step cap: the loop ended because the model kept calling tools.</summary>
    public bool StepLimitReached { get; set; }

    public IReadOnlyList<ToolCallRecord> Calls
    {
        get
        {
            lock (_lock) return [.. _calls];
        }
    }

    public void Emit(AgentEvent e)
    {
        if (onEvent is null) return;
        lock (_lock) onEvent(e);
    }

    public void Started(KernelFunction function, KernelArguments arguments) =>
        Emit(new AgentToolStarted(AgentToolSet.NameOf(function), ArgumentsJson(arguments)));

    /// <summary>Records a call that ran (ok or threw) or that the host refused; a refused call has no start event.</summary>
    public void Completed(string name, string arguments, double ms, string? error)
    {
        var record = new ToolCallRecord(name, arguments, error is null, Math.Round(ms, 1)) { Error = error };
        lock (_lock)
        {
            _calls.Add(record);
            onEvent?.Invoke(new AgentToolCompleted(record));
        }
    }

    public void Refused(KernelFunction function, KernelArguments arguments, string reason)
    {
        LogRefused(logger, AgentToolSet.NameOf(function), reason);
        Completed(AgentToolSet.NameOf(function), ArgumentsJson(arguments), 0, reason);
    }

    /// <summary>The arguments as the JSON object the model sent (values it sent as JSON stay JSON).</summary>
    public static string ArgumentsJson(KernelArguments arguments)
    {
        var values = arguments.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        try
        {
            return JsonSerializer.Serialize(values);
        }
        catch (NotSupportedException)
        {
            return JsonSerializer.Serialize(values.ToDictionary(v => v.Key, v => v.Value?.ToString()));
        }
    }

    public static long Timestamp() => Stopwatch.GetTimestamp();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tool call refused: {Tool}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string tool, string reason);
}
