using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Assistant.Core.Agents.Filters;
using Assistant.Core.Answering;
using Assistant.Core.Models;
using Assistant.Core.Retrieval;
using Assistant.Core.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using FunctionCallContent = Microsoft.Extensions.AI.FunctionCallContent;
using FunctionResultContent = Microsoft.Extensions.AI.FunctionResultContent;
using SkKernel = Microsoft.SemanticKernel.Kernel;

namespace Assistant.Core.Agents;

/// <summary>
/// One conversational turn with tools: the question (with prior turns and any pre-retrieved passages) goes to the chat
/// model of the given Kernel with Semantic Kernel's automatic function calling; the model may search the documents
/// again (<see cref="DocumentSearchPlugin"/>) and call the other allowed tools, and the host enforces the rules in
/// filters on a per-turn copy of the Kernel: allow-list, argument validation, approval of side effects, step cap,
/// timing, logging, and tool errors returned to the model as results. The caller sees text and tool events as they
/// happen; the result's citations are checked here with <see cref="CitationChecker"/>.
/// </summary>
public sealed partial class DocumentAgent(
    KnowledgeRetriever retriever,
    AgentPrompt prompt,
    AgentToolSet tools,
    IOptions<AgentOptions> options,
    CitationChecker? citationChecker = null,
    ILogger<DocumentAgent>? logger = null,
    TimeProvider? timeProvider = null)
{
    private const string UnavailableTool = "not an available tool here";
    private readonly CitationChecker _citations = citationChecker ?? new CitationChecker();
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <param name="kernel">A Kernel whose chat service is wrapped for function invocation (<c>AssistantKernelFactory.Create</c>); it is not changed.</param>
    public async Task<AgentResult> RunAsync(SkKernel kernel, AgentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Question);
        var settings = options.Value;
        var started = _time.GetTimestamp();

        var nonce = PassageFence.NewNonce();
        var ledger = new PassageLedger(nonce, settings.MaxPassages);
        var (given, _) = ledger.Add(request.Passages);
        var maxSteps = Math.Clamp(request.MaxSteps ?? settings.MaxSteps, 0, settings.MaxSteps);
        var turn = new AgentTurn(request.AllowedTools ?? settings.DefaultTools, maxSteps, settings.MaxArgumentChars, request.Approver, request.OnEvent, _logger);
        var seenCallIds = new HashSet<string>(StringComparer.Ordinal);
        var turnKernel = TurnKernel(kernel, new DocumentSearchPlugin(retriever, ledger, request.Filter), turn, seenCallIds);
        var offered = maxSteps == 0 ? [] : turnKernel.Plugins.SelectMany(p => p).Where(f => AgentToolSet.IsAllowed(f, turn.Allowed)).ToList();

        var notFound = ExtractiveAnswerer.NotFoundMessage(request.Question);
        var language = TextAnalyzer.ContainsHangul(request.Question) ? "Korean" : "English";
        var system = await prompt.RenderAsync(nonce, language, notFound, [.. offered.Select(AgentToolSet.NameOf)], cancellationToken);
        List<ChatMessage> messages =
        [
            new(ChatRole.System, system),
            .. request.History,
            new(ChatRole.User, $"Passages:\n{(given.Count == 0 ? "(none yet: search the documents)" : ledger.Fence(given))}\n\nQuestion: {request.Question}"),
        ];

        var chat = turnKernel.GetRequiredService<IChatClient>();
        var stream = new TurnStream(turn, seenCallIds, _time, started);
        await stream.ReadAsync(chat, messages, Settings(prompt.Settings, offered).ToChatOptions(turnKernel), maxRounds: maxSteps + 1, cancellationToken);
        if (turn.StepLimitReached)
        {
            // The loop stopped at the cap with tool results the model has not seen answered: one more request, without
            // tools, so the turn still ends in an answer from what was found.
            LogStepLimit(_logger, maxSteps);
            List<ChatMessage> soFar = [.. messages, .. stream.Updates.ToChatResponse().Messages];
            await stream.ReadAsync(chat, soFar, Settings(prompt.Settings, []).ToChatOptions(turnKernel), maxRounds: 0, cancellationToken);
        }

        stream.RecordUnanswered();
        var answer = await AnswerAsync(stream, ledger, notFound, started, cancellationToken);
        return new AgentResult(answer, turn.Calls) { StepLimitReached = turn.StepLimitReached };
    }

    private SkKernel TurnKernel(SkKernel kernel, DocumentSearchPlugin search, AgentTurn turn, ISet<string> seenCallIds)
    {
        // A copy: the caller's Kernel keeps its own plugins (the prompt functions, which must never be tools) and filters.
        var turnKernel = kernel.Clone();
        turnKernel.Plugins.Clear();
        foreach (var plugin in tools.ForTurn(search)) turnKernel.Plugins.Add(plugin);
        turnKernel.FunctionInvocationFilters.Clear();
        turnKernel.AutoFunctionInvocationFilters.Clear();
        // Outermost first: every call is logged; a refused one never reaches the tool, and only the innermost filter announces and times a run.
        turnKernel.FunctionInvocationFilters.Add(new ToolLoggingFilter(turn.Logger));
        turnKernel.FunctionInvocationFilters.Add(new AllowListFilter(turn));
        turnKernel.FunctionInvocationFilters.Add(new ArgumentValidationFilter(turn));
        turnKernel.FunctionInvocationFilters.Add(new ApprovalFilter(turn));
        turnKernel.FunctionInvocationFilters.Add(new ToolRunFilter(turn));
        turnKernel.AutoFunctionInvocationFilters.Add(new StepCapFilter(turn, seenCallIds));
        return turnKernel;
    }

    private static PromptExecutionSettings Settings(PromptExecutionSettings defaults, IReadOnlyList<KernelFunction> offered) => new()
    {
        ExtensionData = defaults.ExtensionData is null ? null : new Dictionary<string, object>(defaults.ExtensionData),
        // Only the allowed tools are offered. No tools: no function choice at all, so no tools go over the wire.
        FunctionChoiceBehavior = offered.Count == 0 ? null : FunctionChoiceBehavior.Auto(offered, autoInvoke: true,
            new FunctionChoiceBehaviorOptions { AllowParallelCalls = true, AllowConcurrentInvocation = true }),
    };

    private async Task<AnswerResult> AnswerAsync(TurnStream stream, PassageLedger ledger, string notFound, long started, CancellationToken cancellationToken)
    {
        var text = stream.Text.ToString().Trim();
        var sources = ledger.Sources;
        var found = text.Length > 0 && !text.Contains(notFound, StringComparison.Ordinal)
            && Citations().Matches(text).Any(m => int.TryParse(m.Groups[1].ValueSpan, out var n) && sources.Any(s => s.N == n));
        var usage = stream.Usage;
        var result = new AnswerResult(text.Length > 0 ? text : notFound, AnswerResult.GenerativeMode, found, sources)
        {
            Model = stream.Updates.LastOrDefault(u => u.ModelId is not null)?.ModelId,
            Profile = Property(stream.Updates, ModelResponseKeys.Profile),
            FallbackFrom = Property(stream.Updates, ModelResponseKeys.FallbackFrom),
            Usage = usage is null ? null : new TokenUsage(usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount ?? (usage.InputTokenCount + usage.OutputTokenCount)),
            TimeToFirstTokenMs = stream.FirstTokenMs,
            TotalMs = _time.GetElapsedTime(started).TotalMilliseconds,
        };

        var report = await _citations.CheckAsync(result.Answer, sources, cancellationToken);
        return result with { Answer = report.Answer, CitationChecks = report.Checks, RemovedCitations = report.Removed };
    }

    private static string? Property(IEnumerable<ChatResponseUpdate> updates, string key) =>
        updates.Select(u => u.AdditionalProperties?.GetValueOrDefault(key)?.ToString()).LastOrDefault(v => v is not null);

    [GeneratedRegex(@"\[(\d{1,9})\]")]
    private static partial Regex Citations();

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent step limit ({MaxSteps}) reached; asking for an answer without tools")]
    private static partial void LogStepLimit(ILogger logger, int maxSteps);

    /// <summary>
    /// Reads the model's streams for one turn: text pieces go to the caller as they come (tool events come from the
    /// filters, in between), usage adds up over every request, and a call the host never saw (a tool that was not
    /// offered) is recorded as refused when its result passes by.
    /// </summary>
    private sealed class TurnStream(AgentTurn turn, HashSet<string> seenCallIds, TimeProvider time, long started)
    {
        private readonly Dictionary<string, FunctionCallContent> _calls = new(StringComparer.Ordinal);
        private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

        public List<ChatResponseUpdate> Updates { get; } = [];

        public StringBuilder Text { get; } = new();

        public double? FirstTokenMs { get; private set; }

        public UsageDetails? Usage { get; private set; }

        /// <param name="maxRounds">Rounds of tool calls to read before giving up on the stream. The step cap stops every
        /// call to an offered tool; this bounds a model that keeps calling tools that were never offered (the function
        /// invoker answers those itself, without filters). 0: stop at the first tool call.</param>
        public async Task ReadAsync(IChatClient chat, IReadOnlyList<ChatMessage> messages, ChatOptions chatOptions, int maxRounds, CancellationToken cancellationToken)
        {
            var rounds = 0;
            var inCalls = false;
            await foreach (var update in chat.GetStreamingResponseAsync(messages, chatOptions, cancellationToken))
            {
                var calls = update.Contents.OfType<FunctionCallContent>().ToList();
                if (calls.Count > 0)
                {
                    if (!inCalls && ++rounds > maxRounds)
                    {
                        turn.StepLimitReached |= maxRounds > 0;
                        break;
                    }

                    inCalls = true;
                    foreach (var call in calls) _calls[call.CallId] = call;
                }

                Updates.Add(update);
                foreach (var result in update.Contents.OfType<FunctionResultContent>())
                {
                    inCalls = false;
                    Unanswered(result.CallId);
                }

                foreach (var usage in update.Contents.OfType<UsageContent>())
                {
                    Usage ??= new UsageDetails();
                    Usage.Add(usage.Details);
                }

                var piece = update.Text;
                if (string.IsNullOrEmpty(piece)) continue;
                FirstTokenMs ??= time.GetElapsedTime(started).TotalMilliseconds;
                Text.Append(piece);
                turn.Emit(new AgentTextDelta(piece));
            }
        }

        /// <summary>Records every call no filter saw and no result reported yet (the stream ended first).</summary>
        public void RecordUnanswered()
        {
            foreach (var id in _calls.Keys.ToList()) Unanswered(id);
        }

        private void Unanswered(string callId)
        {
            bool seen;
            lock (seenCallIds) seen = seenCallIds.Contains(callId);
            if (seen || !_calls.TryGetValue(callId, out var call) || !_reported.Add(callId)) return;
            turn.Completed(call.Name, JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>()), 0, UnavailableTool);
        }
    }
}
