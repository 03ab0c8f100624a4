using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text;
using Assistant.Core.Retrieval;
using Assistant.Core.Text;
using Microsoft.SemanticKernel;

namespace Assistant.Core.Agents;

/// <summary>
/// The agent's <c>search_documents</c> tool: hybrid search over the knowledge base with the model's own query. The
/// passages come back fenced as data with the turn's nonce and ids that continue the turn's sequence
/// (<see cref="PassageLedger"/>), so the model cites them like the passages it was given. One instance per turn.
/// </summary>
public sealed class DocumentSearchPlugin
{
    public const string PluginName = "Documents";
    public const string FunctionName = "search_documents";
    public const int MaxTop = 10;

    private readonly KnowledgeRetriever _retriever;
    private readonly PassageLedger _ledger;
    private readonly SearchFilter? _filter;

    internal DocumentSearchPlugin(KnowledgeRetriever retriever, PassageLedger ledger, SearchFilter? filter)
    {
        _retriever = retriever;
        _ledger = ledger;
        _filter = filter;
    }

    [KernelFunction(FunctionName)]
    [Description("Searches the user's documents (hybrid keyword and semantic search) and returns the best passages, each fenced with its id, source, section and page. Search again with other words or in the other language (Korean/English) when the passages you have do not answer.")]
    public async Task<string> SearchAsync(
        [Description("What to search for, in your own words; a short query works best.")][StringLength(500, MinimumLength = 1)] string query,
        [Description("How many passages to return, 1 to 10.")][Range(1, MaxTop)] int top = 5,
        [Description("Only passages from documents whose path contains this text, e.g. a file name such as 'faq.md'.")][StringLength(200)] string? source = null,
        [Description("Only passages written in this language: 'ko' (Korean) or 'en' (English).")][AllowedValues(null, "ko", "en")] string? language = null,
        CancellationToken cancellationToken = default)
    {
        if (_ledger.IsFull) return "No more passages this turn: the passage budget is used up. Answer from the passages you have.";

        // Source and language narrow the result after the search; fetch more so that a narrow filter still fills `top`.
        var narrowed = source is not null || language is not null;
        var hits = await _retriever.SearchAsync(query, narrowed ? Math.Min(top * 4, 40) : top, SearchMode.Hybrid, _filter, cancellationToken);
        var matching = hits
            .Where(h => source is null || h.Source.Contains(source, StringComparison.OrdinalIgnoreCase))
            .Where(h => language is null || (language == "ko") == TextAnalyzer.ContainsHangul(h.Text))
            .Take(top);
        var (shown, dropped) = _ledger.Add(matching);
        if (shown.Count == 0) return dropped > 0 ? "No more passages this turn: the passage budget is used up. Answer from the passages you have." : $"No passages match \"{query}\".";

        var text = new StringBuilder(_ledger.Fence(shown));
        if (dropped > 0) text.Append("\n\n(").Append(dropped).Append(" more passages were not shown: the passage budget for this turn is used up.)");
        return text.ToString();
    }
}
