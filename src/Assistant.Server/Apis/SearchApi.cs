using Assistant.Core.Retrieval;
using Assistant.Server.Limits;
using Assistant.Server.Security;

namespace Assistant.Server.Apis;

/// <summary>GET /api/search: ranked passages from the caller's knowledge base (what chat answers from).</summary>
public static class SearchApi
{
    public const int MaxTop = 50;

    public static RouteGroupBuilder MapSearchApi(this RouteGroupBuilder api)
    {
        api.MapGet("/search", SearchAsync)
            .RequireAuthorization(ApiPolicies.Chat)
            .WithTags("Search")
            .WithName("Search")
            .WithSummary("Search the key's knowledge base")
            .WithDescription("Hybrid (keyword + dense when an embedding model is configured) search over the documents of the key's knowledge base only.");
        return api;
    }

    private static async Task<IResult> SearchAsync(HttpContext context, MessageLimit limit, string q, int? top, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(q)) return Validation("q", "q: the query is empty");
        if (limit.Check("q", q) is { } tooLong) return tooLong;
        var n = top ?? 5;
        if (n is < 1 or > MaxTop) return Validation("top", $"top: must be between 1 and {MaxTop} (it is {n})");

        var kb = context.KnowledgeBase();
        var hits = await kb.SearchAsync(q, n, SearchMode.Hybrid, null, ct);
        return TypedResults.Ok(new SearchResponse(kb.Name, [.. hits.Select(h => new SearchHitDto(h.Rank, h.Score, h.DocumentId, DocumentPaths.Display(kb, h.Source), h.Section, h.Page, h.Text))]));
    }

    internal static IResult Validation(string argument, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [argument] = [message] }, detail: message);
}

public sealed record SearchResponse(string KnowledgeBase, IReadOnlyList<SearchHitDto> Hits);

public sealed record SearchHitDto(int Rank, double Score, string DocumentId, string Source, string Section, int? Page, string Text);
