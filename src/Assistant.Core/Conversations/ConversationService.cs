using Assistant.Core.Agents;
using Assistant.Core.Answering;
using Assistant.Core.KernelHost;
using Assistant.Core.Models;
using Assistant.Core.Retrieval;
using Assistant.Core.Text;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Conversations;

/// <summary>
/// The answer pipeline every surface calls (`ask` as a one-turn conversation, `chat`, later the server and MCP):
/// choose the model → condense a follow-up into a standalone question → retrieve (hybrid, relevance floor,
/// cross-language leg) → fit the context budget → generate, streaming, through <c>Answer/Grounded</c> (or quote the
/// documents without a model) → check the citations. It never prints and keeps no state: the caller passes the history.
/// </summary>
public sealed class ConversationService(
    KnowledgeRetriever retriever,
    IChatModelSelector selector,
    AssistantKernelFactory kernels,
    GenerativeAnswerer generative,
    ExtractiveAnswerer extractive,
    ConversationOptions? options = null,
    ITokenCounter? tokenCounter = null,
    IndexLanguageMeter? languages = null,
    TimeProvider? timeProvider = null,
    CitationChecker? citationChecker = null,
    DocumentAgent? agent = null)
{
    private readonly ConversationOptions _options = options ?? new ConversationOptions();
    private readonly CitationChecker _citations = citationChecker ?? new CitationChecker();
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly QueryCondenser _condenser = new(options ?? new ConversationOptions());
    private readonly ConversationRetriever _retriever = new(retriever, languages, options ?? new ConversationOptions());
    private readonly ContextBudget _budget = new(tokenCounter ?? O200kTokenCounter.Instance, options ?? new ConversationOptions(), kernels.Prompts.Root);

    /// <summary>
    /// Answers one turn. Throws <see cref="UnknownModelProfileException"/> for a profile that is not configured,
    /// <see cref="ModelException"/> when the model fails (after its retries and fallbacks), and
    /// <see cref="ContextBudgetException"/> when the question alone does not fit the model's window.
    /// </summary>
    public async Task<ConversationTurn> AskAsync(ConversationRequest request, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Question);
        var started = _time.GetTimestamp();
        var selection = await selector.SelectAsync(request.Profile, cancellationToken);
        List<string> warnings = [];
        if (selection.Notice is { } notice)
        {
            warnings.Add(notice);
            (request.OnModelNotice ?? request.OnWarning)?.Invoke(notice);
        }

        if (selection.Chat is not { } chat)
        {
            var standalone = await _condenser.CondenseAsync(null, request.Question, request.History, cancellationToken);
            var found = await _retriever.SearchAsync(null, standalone, request.Top, request.Filter, cancellationToken);
            var quoted = await extractive.AnswerAsync(standalone, found.Hits, cancellationToken);
            var answer = await CheckedAsync(quoted with { Notice = AnswerService.NoModelNotice, Warnings = warnings }, cancellationToken);
            return new ConversationTurn(request.Question, standalone, answer) { TotalMs = _time.GetElapsedTime(started).TotalMilliseconds };
        }

        using (chat)
        {
            // Every call of the turn goes through the meter: the condense, translation and summary calls cost tokens too.
            var meter = new UsageMeterChatClient(chat.Client);
            var kernel = kernels.Create(meter);
            var model = chat.Client.GetService<ChatClientMetadata>()?.DefaultModelId;
            using var waiting = request.OnWaiting is { } report ? ModelWaitWatch.Start(report, request.WaitingAfter, chat.Profile, model, _time) : null;
            using var observing = waiting is null ? null : ModelCallObserver.Observe(waiting.Switch);
            var onToken = Tokens(request, waiting);

            var (standalone, early) = await CondenseAsync(kernel, request, cancellationToken);
            var found = await _retriever.SearchAsync(kernel, standalone, request.Top, request.Filter, cancellationToken, early);
            var fitted = await _budget.FitAsync(
                standalone, found.Hits, request.History, chat.Settings?.ContextWindow, chat.Settings?.MaxOutputTokens, cancellationToken, (turns, ct) => _condenser.SummarizeAsync(kernel, turns, ct));
            foreach (var note in BudgetNotes(fitted.Report))
            {
                warnings.Add(note);
                request.OnWarning?.Invoke(note);
            }

            if (request.UseAgent)
            {
                var run = await RunAgentAsync(kernel, request, fitted, waiting, cancellationToken);
                return new ConversationTurn(request.Question, standalone, run.Answer with { Profile = run.Answer.Profile ?? chat.Profile, Warnings = warnings, Usage = meter.Total ?? run.Answer.Usage })
                {
                    AnswerUsage = run.Answer.Usage,
                    TranslatedQuery = found.TranslatedQuery,
                    Budget = fitted.Report,
                    TotalMs = _time.GetElapsedTime(started).TotalMilliseconds,
                    ToolCalls = run.ToolCalls,
                };
            }

            var generated = await generative.AnswerAsync(kernel, fitted.Context, onToken, cancellationToken);
            var answer = await CheckedAsync(generated with { Profile = generated.Profile ?? chat.Profile, Warnings = warnings, Usage = meter.Total ?? generated.Usage }, cancellationToken);
            return new ConversationTurn(request.Question, standalone, answer)
            {
                AnswerUsage = generated.Usage,
                TranslatedQuery = found.TranslatedQuery,
                Budget = fitted.Report,
                TotalMs = _time.GetElapsedTime(started).TotalMilliseconds,
            };
        }
    }

    /// <summary>
    /// The standalone question, and its search when that was started early. A follow-up that reads as a question of its
    /// own (<see cref="QueryCondenser.IsFollowUp"/>) usually comes back from the condense call unchanged, so it is searched
    /// while the model condenses; the search is used only when the condensed question is the same text, so results
    /// never differ from searching after the call. When the model rewrites it, that search was wasted work.
    /// </summary>
    private async Task<(string Standalone, Task<IReadOnlyList<Retrieval.SearchHit>>? Early)> CondenseAsync(
        Microsoft.SemanticKernel.Kernel kernel, ConversationRequest request, CancellationToken cancellationToken)
    {
        var early = request.History.Count > 0 && !QueryCondenser.IsFollowUp(request.Question)
            ? _retriever.Start(request.Question, request.Top, request.Filter, cancellationToken)
            : null;
        string standalone;
        try
        {
            standalone = await _condenser.CondenseAsync(kernel, request.Question, request.History, cancellationToken);
        }
        catch
        {
            ConversationRetriever.Abandon(early);
            throw;
        }

        if (early is null || string.Equals(standalone, request.Question, StringComparison.Ordinal)) return (standalone, early);
        ConversationRetriever.Abandon(early);
        return (standalone, null);
    }

    /// <summary>
    /// The generate step through the agent: the budgeted passages are given first ([1]…[n]) and the turns the budget
    /// kept go as history; the agent checks its own citations (tool results included).
    /// </summary>
    private Task<AgentResult> RunAgentAsync(
        Microsoft.SemanticKernel.Kernel kernel, ConversationRequest request, BudgetedContext fitted, ModelWaitWatch? waiting, CancellationToken cancellationToken)
    {
        if (agent is null) throw new InvalidOperationException("The document agent is not registered (AddDocumentAgent), so this entry point cannot answer with tools.");
        var history = fitted.History.SelectMany(turn => new[]
        {
            new ChatMessage(ChatRole.User, turn.Question),
            new ChatMessage(ChatRole.Assistant, turn.Answer),
        }).ToList();
        return agent.RunAsync(kernel, new AgentRequest(request.Question)
        {
            History = history,
            Passages = fitted.Context.Hits,
            AllowedTools = request.AllowedTools,
            Filter = request.Filter,
            OnEvent = e =>
            {
                waiting?.End();
                if (e is AgentTextDelta text) request.OnToken?.Invoke(text.Text);
                request.OnEvent?.Invoke(e);
            },
        }, cancellationToken);
    }

    private static Action<string>? Tokens(ConversationRequest request, ModelWaitWatch? waiting)
    {
        if (request.OnToken is null && request.OnEvent is null && waiting is null) return null;
        return piece =>
        {
            waiting?.End();
            request.OnToken?.Invoke(piece);
            request.OnEvent?.Invoke(new AgentTextDelta(piece));
        };
    }

    /// <summary>What the budget left out, in words a user can act on (a smaller --top, a /reset, a larger model).</summary>
    internal static IEnumerable<string> BudgetNotes(ContextBudgetReport report)
    {
        if (report.DroppedPassages.Count > 0)
        {
            yield return $"Context window of {report.ContextWindow} tokens: left out passage(s) {string.Join(", ", report.DroppedPassages.Select(n => $"[{n}]"))} to fit.";
        }

        if (report.DroppedTurns > 0)
        {
            yield return report.SummarisedTurns > 0
                ? $"Context window of {report.ContextWindow} tokens: left out the {report.DroppedTurns} oldest turn(s) of the conversation; a summary of {report.SummarisedTurns} of them was sent instead."
                : $"Context window of {report.ContextWindow} tokens: left out the {report.DroppedTurns} oldest turn(s) of the conversation.";
        }

        if (report.TruncatedPassage)
        {
            yield return $"Context window of {report.ContextWindow} tokens: the passage given was cut short to fit.";
        }
    }

    private async Task<AnswerResult> CheckedAsync(AnswerResult answer, CancellationToken cancellationToken)
    {
        // Also when not found: an answer citing only passages that were not given ("[7]") loses them.
        var report = await _citations.CheckAsync(answer.Answer, answer.Sources, cancellationToken);
        return answer with { Answer = report.Answer, CitationChecks = report.Checks, RemovedCitations = report.Removed };
    }
}
