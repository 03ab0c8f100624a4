using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Assistant.Core.Answering;
using Assistant.Core.Retrieval;
using Assistant.Core.Text;
using Microsoft.SemanticKernel;
using SkKernel = Microsoft.SemanticKernel.Kernel;

namespace Assistant.Core.Conversations;

/// <summary>The grounded prompt's contents after budgeting, and what was left out.</summary>
public sealed record BudgetedContext(GroundedContext Context, IReadOnlyList<HistoryTurn> History, ContextBudgetReport Report);

/// <summary>Summarises turns that no longer fit (a model call); null or empty when it cannot.</summary>
public delegate Task<string?> HistorySummarizer(IReadOnlyList<HistoryTurn> turns, CancellationToken cancellationToken);

/// <summary>The question alone does not fit the model's context window.</summary>
public sealed class ContextBudgetException(string message) : Exception(message);

/// <summary>
/// Fits the answer prompt into the chat profile's context window, counted in tokens (<see cref="ITokenCounter"/>):
/// system prompt + earlier turns + passages + question ≤ ContextWindow − answer reserve. What does not fit goes in this
/// order: the lowest-ranked passages down to <see cref="ConversationOptions.MinPassagesBeforeHistory"/>, then the oldest
/// turns (summarised by the model into one short turn when a summariser is given and the summary fits), then passages
/// down to one, then the end of that passage. Everything dropped or summarised is reported, never silent.
/// </summary>
/// <remarks>
/// The fixed part is the real template rendered with this question's language (SK's escaping makes it a little larger
/// than what the model sees, which errs on the safe side), plus the question and this turn's nonce; passages and turns
/// are counted one by one with a margin per part for tokens that merge across their boundaries. The texts that recur
/// (instructions, passage texts, earlier turns) are counted once and remembered.
/// </remarks>
public sealed class ContextBudget(ITokenCounter tokens, ConversationOptions options, string promptsRoot)
{
    private const int PerMessageOverhead = 4;
    private const int Margin = 16;

    // Conversation/SummarizeHistory's max_tokens (200) and the turn's own lines.
    private const int SummaryReserve = 220;
    private static readonly ConcurrentDictionary<string, (PromptTemplateConfig Config, IPromptTemplate Template)> Templates = new();
    private readonly TokenCountCache _passageTexts = new(tokens, PassageFence.Body);
    private readonly TokenCountCache _turns = new(tokens);
    // Keyed by answer language and not-found sentence; a handful of entries.
    private readonly ConcurrentDictionary<string, (int Tokens, int Nonces)> _instructions = new(StringComparer.Ordinal);
    private const string StandInNonce = "0123456789abcdef";

    /// <param name="contextWindow">The profile's ContextWindow, when it states one.</param>
    /// <param name="maxOutputTokens">The profile's MaxOutputTokens, used as the reserve when the prompt sets no max_tokens.</param>
    public async Task<BudgetedContext> FitAsync(
        string question,
        IReadOnlyList<SearchHit> hits,
        IReadOnlyList<HistoryTurn> history,
        int? contextWindow,
        int? maxOutputTokens,
        CancellationToken cancellationToken,
        HistorySummarizer? summarize = null)
    {
        var window = contextWindow ?? options.DefaultContextWindow;
        var (config, template) = Load(GenerativeAnswerer.PluginName, GenerativeAnswerer.FunctionName);
        var reserve = MaxTokens(config) ?? maxOutputTokens ?? options.DefaultAnswerReserve;
        var available = window - reserve;

        var droppedTurns = Math.Max(0, history.Count - options.MaxHistoryTurns);
        var turns = history.Skip(droppedTurns).ToList();
        var passages = hits.ToList();
        var nonce = PassageFence.NewNonce();
        while (HistoryFence.Mentions(turns, nonce) || passages.Any(h => h.Text.Contains(nonce, StringComparison.OrdinalIgnoreCase) || h.Section.Contains(nonce, StringComparison.OrdinalIgnoreCase) || h.Source.Contains(nonce, StringComparison.OrdinalIgnoreCase)))
        {
            nonce = PassageFence.NewNonce();
        }

        var fixedTokens = await FixedPartAsync(template, question, nonce, cancellationToken) + 2 * PerMessageOverhead + Margin;
        if (fixedTokens > available)
        {
            throw new ContextBudgetException($"the question is too long for the model: the prompt needs {fixedTokens} tokens before any passage, and a context window of {window} leaves {available} after the answer reserve of {reserve}");
        }

        var passageTokens = passages.Select(h => Passage(h, nonce)).ToList();
        var turnTokens = turns.Select(t => Turn(t) + 1).ToList();
        var historyFrame = tokens.Count(HistoryFence.ForAnswer([new HistoryTurn("", "", "")], nonce)) - tokens.Count(HistoryFence.Turn(new HistoryTurn("", "", "")));
        int Total() => fixedTokens + passageTokens.Sum() + (turnTokens.Count > 0 ? historyFrame + turnTokens.Sum() : 0);

        List<int> droppedPassages = [];
        void DropLastPassage()
        {
            droppedPassages.Add(passages[^1].Rank);
            passages.RemoveAt(passages.Count - 1);
            passageTokens.RemoveAt(passageTokens.Count - 1);
        }

        while (Total() > available && passages.Count > options.MinPassagesBeforeHistory) DropLastPassage();
        List<HistoryTurn> dropped = [.. history.Take(droppedTurns)];
        while (Total() > available && turns.Count > 0)
        {
            dropped.Add(turns[0]);
            turns.RemoveAt(0);
            turnTokens.RemoveAt(0);
            droppedTurns++;
        }

        var summarised = 0;
        if (dropped.Count > 0 && summarize is not null)
        {
            // Make room for the summary (its prompt caps it at SummaryReserve tokens) before asking for it.
            while (Total() + SummaryReserve + (turns.Count == 0 ? historyFrame : 0) > available && turns.Count > 0)
            {
                dropped.Add(turns[0]);
                turns.RemoveAt(0);
                turnTokens.RemoveAt(0);
                droppedTurns++;
            }

            // The summary replaces the dropped turns when it fits; the newest dropped turns matter most, and the
            // summariser's own prompt must fit the window too.
            var shown = new List<HistoryTurn>();
            var shownTokens = 0;
            for (var i = dropped.Count - 1; i >= 0; i--)
            {
                var cost = Turn(dropped[i]);
                if (shownTokens + cost > available / 2) break;
                shown.Insert(0, dropped[i]);
                shownTokens += cost;
            }

            if (shown.Count > 0 && await summarize(shown, cancellationToken) is { Length: > 0 } summary)
            {
                var summaryTurn = new HistoryTurn(SummaryQuestion, SummaryQuestion, summary);
                var cost = tokens.Count(HistoryFence.Turn(summaryTurn)) + 1;
                if (Total() + cost + (turns.Count == 0 ? historyFrame : 0) <= available)
                {
                    turns.Insert(0, summaryTurn);
                    turnTokens.Insert(0, cost);
                    summarised = shown.Count;
                }
            }
        }

        while (Total() > available && passages.Count > 1) DropLastPassage();
        var truncated = false;
        if (Total() > available && passages.Count == 1)
        {
            // One long passage: keep its beginning, which is where a chunk states its point.
            var over = Total() - available;
            var text = passages[0].Text;
            var keep = tokens.LengthWithin(text, Math.Max(0, tokens.Count(text) - over - 2));
            if (keep == 0)
            {
                DropLastPassage();
            }
            else
            {
                passages[0] = passages[0] with { Text = text[..keep].TrimEnd() + " …" };
                passageTokens[0] = Passage(passages[0], nonce);
                truncated = true;
            }
        }

        droppedPassages.Reverse();
        var context = new GroundedContext(question, passages, HistoryFence.ForAnswer(turns, nonce), nonce);
        return new BudgetedContext(context, turns, new ContextBudgetReport(window, reserve, Total(), droppedPassages, droppedTurns, truncated) { SummarisedTurns = summarised });
    }

    /// <summary>
    /// The prompt without passages and history. Rendering and counting its instructions on every turn cost the server more
    /// than its HTTP handling (bench-server), so they are counted once per answer language, with a stand-in nonce, and
    /// only the question and this turn's nonce are counted each time. The question is counted as SK escapes it.
    /// </summary>
    private async Task<int> FixedPartAsync(IPromptTemplate template, string question, string nonce, CancellationToken cancellationToken)
    {
        var variant = GenerativeAnswerer.Arguments(question, new FencedPassages(StandInNonce, string.Empty, []), string.Empty);
        var key = $"{variant["language"]}\n{variant["not_found"]}";
        if (!_instructions.TryGetValue(key, out var known))
        {
            variant["question"] = string.Empty;
            var rendered = await template.RenderAsync(new SkKernel(), variant, cancellationToken);
            known = (tokens.Count(rendered), CountOf(rendered, StandInNonce));
            _instructions[key] = known;
        }

        // One more token where the question meets the text before it.
        return known.Tokens + known.Nonces * (tokens.Count(nonce) - tokens.Count(StandInNonce)) + tokens.Count(WebUtility.HtmlEncode(question)) + 1;
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>What the summary of dropped turns stands in for, as the "User" line of the turn that carries it.</summary>
    public const string SummaryQuestion = "(summary of earlier turns)";

    /// <summary>The rendered <c>Answer/Grounded</c> prompt for <paramref name="context"/>: what the budget bounds (tests count it).</summary>
    public async Task<string> RenderAsync(GroundedContext context, CancellationToken cancellationToken)
    {
        var (_, template) = Load(GenerativeAnswerer.PluginName, GenerativeAnswerer.FunctionName);
        var fenced = PassageFence.Fence(context.Hits, () => context.Nonce ?? PassageFence.NewNonce());
        return await template.RenderAsync(new SkKernel(), GenerativeAnswerer.Arguments(context.Question, fenced, context.History), cancellationToken);
    }

    /// <summary>
    /// A fenced passage: its tags (this turn's nonce) counted now, its text remembered across turns. Counted apart,
    /// a token may merge across the two line breaks between them, hence one more token each way.
    /// </summary>
    private int Passage(SearchHit hit, string nonce) =>
        tokens.Count(PassageFence.OpeningTag(hit, nonce)) + _passageTexts.Count(hit.Text) + tokens.Count(PassageFence.ClosingTag(nonce)) + 2 + 2;

    private int Turn(HistoryTurn turn) => _turns.Count(HistoryFence.Turn(turn));

    private (PromptTemplateConfig Config, IPromptTemplate Template) Load(string plugin, string function) =>
        Templates.GetOrAdd(Path.Combine(promptsRoot, plugin, function), static dir =>
        {
            var config = PromptTemplateConfig.FromJson(File.ReadAllText(Path.Combine(dir, "config.json")));
            config.Template = File.ReadAllText(Path.Combine(dir, "skprompt.txt"));
            return (config, new KernelPromptTemplateFactory().Create(config));
        });

    /// <summary>The prompt's own max_tokens (config.json execution_settings.default), which is what is sent.</summary>
    private static int? MaxTokens(PromptTemplateConfig config)
    {
        var settings = config.ExecutionSettings.TryGetValue("default", out var d) ? d : config.ExecutionSettings.Values.FirstOrDefault();
        if (settings?.ExtensionData?.TryGetValue("max_tokens", out var value) != true) return null;
        return value switch
        {
            JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt32(out var n) => n,
            int n => n,
            long n => (int)n,
            _ => int.TryParse(value?.ToString(), out var parsed) ? parsed : null,
        };
    }
}
