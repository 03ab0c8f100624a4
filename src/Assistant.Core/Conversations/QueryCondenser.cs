using Assistant.Core.Answering;
using Assistant.Core.Text;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using SkKernel = Microsoft.SemanticKernel.Kernel;

namespace Assistant.Core.Conversations;

/// <summary>
/// Turns a follow-up ("and for monthly plans?") into a standalone search question. With a model: the
/// <c>Conversation/Condense</c> prompt over the fenced history. Without one: the previous turn's key words are carried
/// over into the query, which is what keyword search needs to stay on topic. A first turn is returned as it is.
/// </summary>
public sealed class QueryCondenser(ConversationOptions options)
{
    public const string PluginName = "Conversation";
    public const string FunctionName = "Condense";

    // The condense prompt needs the thread of the conversation, not every word of it: recent turns, answers shortened.
    private const int MaxTurnsShown = 6;
    private const int MaxAnswerChars = 600;
    private static readonly char[] Separators = [' ', '\t', '\n', '\r'];

    public async Task<string> CondenseAsync(SkKernel? kernel, string question, IReadOnlyList<HistoryTurn> history, CancellationToken cancellationToken)
    {
        if (history.Count == 0) return question;
        if (kernel is null) return CarryOver(question, history[^1], options.MaxCarriedTerms);

        var shown = history.TakeLast(MaxTurnsShown)
            .Select(t => t with { Answer = t.Answer.Length > MaxAnswerChars ? t.Answer[..MaxAnswerChars] + "…" : t.Answer })
            .ToList();
        var nonce = PassageFence.NewNonce();
        while (HistoryFence.Mentions(shown, nonce) || question.Contains(nonce, StringComparison.OrdinalIgnoreCase)) nonce = PassageFence.NewNonce();

        var function = kernel.Plugins.GetFunction(PluginName, FunctionName);
        var arguments = new KernelArguments
        {
            ["history"] = HistoryFence.Fence(shown, nonce),
            ["question"] = question,
            ["nonce"] = nonce,
            ["language"] = TextAnalyzer.ContainsHangul(question) ? "Korean" : "English",
        };
        var result = await kernel.InvokeAsync(function, arguments, cancellationToken);
        var text = result.GetValue<ChatResponse>()?.Text ?? result.ToString();
        return Clean(text) is { } standalone && standalone.Length <= 4 * question.Length + 300
            ? standalone
            : CarryOver(question, history[^1], options.MaxCarriedTerms);
    }

    public const string SummarizeFunctionName = "SummarizeHistory";

    /// <summary>A few sentences standing in for <paramref name="turns"/> (<c>Conversation/SummarizeHistory</c>); null when the model gives nothing.</summary>
    public async Task<string?> SummarizeAsync(SkKernel kernel, IReadOnlyList<HistoryTurn> turns, CancellationToken cancellationToken)
    {
        var nonce = PassageFence.NewNonce();
        while (HistoryFence.Mentions(turns, nonce)) nonce = PassageFence.NewNonce();
        var function = kernel.Plugins.GetFunction(PluginName, SummarizeFunctionName);
        var arguments = new KernelArguments
        {
            ["history"] = HistoryFence.Fence(turns, nonce),
            ["nonce"] = nonce,
            ["language"] = turns.Any(t => TextAnalyzer.ContainsHangul(t.Question)) ? "Korean" : "English",
        };
        var result = await kernel.InvokeAsync(function, arguments, cancellationToken);
        var text = (result.GetValue<ChatResponse>()?.Text ?? result.ToString()).Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>
    /// The question plus the words of the previous standalone question that it does not already contain, when the
    /// question reads as a follow-up (<see cref="IsFollowUp"/>); a question that stands on its own is left as it is.
    /// </summary>
    public static string CarryOver(string question, HistoryTurn previous, int maxWords)
    {
        if (!IsFollowUp(question)) return question;
        var known = TextAnalyzer.QueryTerms(question).ToHashSet(StringComparer.Ordinal);
        var carried = new List<string>();
        foreach (var raw in previous.StandaloneQuestion.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (carried.Count >= maxWords) break;
            var word = raw.Trim('?', '!', '.', ',', '？', ';', ':', '"', '\'', '(', ')');
            var terms = TextAnalyzer.QueryTerms(word);
            if (terms.Count == 0 || terms.All(known.Contains)) continue;
            carried.Add(word);
            known.UnionWith(terms);
        }

        return carried.Count == 0 ? question : question.TrimEnd() + " " + string.Join(' ', carried);
    }

    /// <summary>
    /// Whether a question leans on the turn before: it starts with a continuation ("and …", "what about …", "그럼 …"),
    /// refers back ("it", "that", "그거"), is the Korean elliptical "X은요?/는요?", or has at most one content word.
    /// Without a model this is the only judge, and carrying words into a question that stands alone ("What is the
    /// refund policy?" after "let me talk to a person") makes it search for words no document has.
    /// </summary>
    public static bool IsFollowUp(string question)
    {
        var text = question.Trim().TrimEnd('?', '？', '!', '.', ' ').ToLowerInvariant();
        if (text.Length == 0) return false;
        if (text.EndsWith("은요", StringComparison.Ordinal) || text.EndsWith("는요", StringComparison.Ordinal)) return true;
        var words = text.Split(Separators, StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim(',', ';', ':', '"', '\'', '(', ')')).ToList();
        if (words.Count > 0 && ContinuationStarts.Contains(words[0])) return true;
        if (words.Count > 1 && (words[0], words[1]) is ("what", "about") or ("how", "about")) return true;
        if (words.Any(ReferringWords.Contains)) return true;
        return TextAnalyzer.QueryTerms(question).Count <= 1;
    }

    private static readonly HashSet<string> ContinuationStarts = new(StringComparer.Ordinal)
    {
        "and", "also", "or", "but", "then", "so", "plus", "그럼", "그러면", "그리고", "또", "그래서", "근데", "그런데",
    };

    private static readonly HashSet<string> ReferringWords = new(StringComparer.Ordinal)
    {
        "it", "its", "that", "this", "those", "these", "they", "them", "there", "same", "one",
        "그거", "그것", "그건", "그게", "그것은", "이거", "이건", "이게", "거기", "그때", "같은",
    };

    /// <summary>The first non-empty line without quotes or a "Standalone question:" preface; null when nothing is left.</summary>
    private static string? Clean(string text)
    {
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        if (line is null) return null;
        var colon = line.IndexOf(':');
        if (colon is > 0 and < 40 && line[..colon].Contains("question", StringComparison.OrdinalIgnoreCase)) line = line[(colon + 1)..].Trim();
        line = line.Trim('"', '“', '”', '\'', '`').Trim();
        return line.Length == 0 ? null : line;
    }
}
