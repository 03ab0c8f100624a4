using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using SkFunctionInvocationContext = Microsoft.SemanticKernel.FunctionInvocationContext;

namespace Assistant.Core.Agents.Filters;

/// <summary>
/// The outermost filter: one log line per tool call with its arguments scrubbed (a value whose name looks like a
/// secret is hidden, every value is cut to <see cref="MaxValueChars"/>), at Debug; refusals and failures are logged
/// where they happen, at Warning.
/// </summary>
internal sealed partial class ToolLoggingFilter(ILogger logger) : IFunctionInvocationFilter
{
    public const int MaxValueChars = 80;

    public async Task OnFunctionInvocationAsync(SkFunctionInvocationContext context, Func<SkFunctionInvocationContext, Task> next)
    {
        if (logger.IsEnabled(LogLevel.Debug)) LogCall(logger, AgentToolSet.NameOf(context.Function), Scrub(context.Arguments));
        await next(context);
    }

    internal static string Scrub(KernelArguments arguments) =>
        string.Join(", ", arguments.Select(a => $"{a.Key}={(SecretName().IsMatch(a.Key) ? "***" : Cut(a.Value?.ToString()))}"));

    private static string Cut(string? value) =>
        value is null ? "null" : (value.Length <= MaxValueChars ? value : value[..MaxValueChars] + "…").ReplaceLineEndings(" ");

    [GeneratedRegex("key|token|secret|password|passwd|credential|auth", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Tool {Tool}({Arguments})")]
    private static partial void LogCall(ILogger logger, string tool, string arguments);
}
