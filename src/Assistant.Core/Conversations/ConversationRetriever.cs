using Assistant.Core.Retrieval;
using Assistant.Core.Text;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using SkKernel = Microsoft.SemanticKernel.Kernel;

namespace Assistant.Core.Conversations;

/// <summary>The passages found for a question, and the translation searched with when there was one.</summary>
public sealed record RetrievedPassages(IReadOnlyList<SearchHit> Hits, string? TranslatedQuery);

/// <summary>
/// Retrieval for a turn: hybrid search with top-k and the relevance floor, plus the cross-language leg. When a chat model
/// is available and most of the index is in the other language than the question (Hangul or not), the question is
/// translated through <c>Conversation/TranslateQuery</c>, searched too, and both lists are fused with Reciprocal Rank
/// Fusion; the fused passages are numbered 1..k again (the numbers are the citation ids).
/// </summary>
public sealed class ConversationRetriever(KnowledgeRetriever retriever, IndexLanguageMeter? languages, ConversationOptions options)
{
    public const string TranslatePluginName = "Conversation";
    public const string TranslateFunctionName = "TranslateQuery";

    /// <param name="started">The search for <paramref name="query"/> itself, when it was started earlier (<see cref="Start"/>).</param>
    public async Task<RetrievedPassages> SearchAsync(
        SkKernel? kernel, string query, int top, SearchFilter? filter, CancellationToken cancellationToken, Task<IReadOnlyList<SearchHit>>? started = null)
    {
        var target = kernel is null ? null : await TranslationTargetAsync(query, cancellationToken);
        if (target is null)
        {
            return new RetrievedPassages(Floor(await (started ?? retriever.SearchAsync(query, top, SearchMode.Hybrid, filter, cancellationToken))), null);
        }

        // The question's own search runs beside the translation and the translated search: SQLite answers
        // synchronously, so one after the other they cost the sum of all three (bench-server).
        var own = started ?? Start(query, top, filter, cancellationToken);
        string? translated;
        IReadOnlyList<SearchHit>? other = null;
        try
        {
            translated = await TranslateAsync(kernel!, query, target, cancellationToken);
            if (translated is not null && !string.Equals(translated, query, StringComparison.OrdinalIgnoreCase))
            {
                other = Floor(await retriever.SearchAsync(translated, top, SearchMode.Hybrid, filter, cancellationToken));
            }
        }
        catch
        {
            // The turn fails with this error; the question's search is still waited for, and its own failure observed.
            await Observed(own);
            throw;
        }

        var hits = Floor(await own);
        return other is null ? new RetrievedPassages(hits, null) : new RetrievedPassages(Fuse(hits, other, top), translated);
    }

    /// <summary>The search for <paramref name="query"/> alone (no translation), on the thread pool, to be passed to <see cref="SearchAsync"/>.</summary>
    public Task<IReadOnlyList<SearchHit>> Start(string query, int top, SearchFilter? filter, CancellationToken cancellationToken) =>
        Task.Run(() => retriever.SearchAsync(query, top, SearchMode.Hybrid, filter, cancellationToken), cancellationToken);

    /// <summary>Lets a search that is no longer wanted finish on its own; its failure, if any, is observed and dropped.</summary>
    public static void Abandon(Task<IReadOnlyList<SearchHit>>? search)
    {
        if (search is not null) _ = Observed(search);
    }

    /// <summary>Completes when <paramref name="search"/> does, never throwing; reading its exception marks it observed.</summary>
    private static Task Observed(Task<IReadOnlyList<SearchHit>> search) =>
        search.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>The language to translate the question into ("English" or "Korean"), or null when the index is mostly in the question's own.</summary>
    private async Task<string?> TranslationTargetAsync(string query, CancellationToken cancellationToken)
    {
        if (!options.CrossLanguage || languages is null) return null;
        var korean = TextAnalyzer.ContainsHangul(query);
        if (await languages.HangulShareAsync(cancellationToken) is not { } hangulShare) return null;
        var otherShare = korean ? 1 - hangulShare : hangulShare;
        return otherShare <= options.CrossLanguageMinShare ? null : korean ? "English" : "Korean";
    }

    private IReadOnlyList<SearchHit> Floor(IReadOnlyList<SearchHit> hits) =>
        options.MinScore is { } floor ? Renumber(hits.Where(h => h.Score >= floor)) : hits;

    internal static IReadOnlyList<SearchHit> Fuse(IReadOnlyList<SearchHit> first, IReadOnlyList<SearchHit> second, int top)
    {
        static (string, int) Key(SearchHit h) => (h.DocumentId, h.ChunkIndex);
        var byKey = new Dictionary<(string, int), SearchHit>();
        foreach (var hit in first.Concat(second)) byKey.TryAdd(Key(hit), hit);
        var fused = ReciprocalRankFusion.Fuse<(string, int)>(
        [
            new("question", first.Select(Key).ToList()),
            new("translated", second.Select(Key).ToList()),
        ]);
        return Renumber(fused.Take(top).Select(f => byKey[f.Key]));
    }

    private static List<SearchHit> Renumber(IEnumerable<SearchHit> hits) => hits.Select((h, i) => h with { Rank = i + 1 }).ToList();

    private static async Task<string?> TranslateAsync(SkKernel kernel, string query, string target, CancellationToken cancellationToken)
    {
        var function = kernel.Plugins.GetFunction(TranslatePluginName, TranslateFunctionName);
        var result = await kernel.InvokeAsync(function, new KernelArguments { ["question"] = query, ["target_language"] = target }, cancellationToken);
        var text = result.GetValue<ChatResponse>()?.Text ?? result.ToString();
        var line = text.Split('\n').Select(l => l.Trim().Trim('"', '“', '”')).FirstOrDefault(l => l.Length > 0);
        // A reply far longer than any translation is not one (a chatty model): search without it.
        return line is null || line.Length > 4 * query.Length + 200 ? null : line;
    }
}
