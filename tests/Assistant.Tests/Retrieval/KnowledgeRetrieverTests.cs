using Assistant.Core.Documents;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage.Sqlite;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Retrieval;

public sealed class KnowledgeRetrieverTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Without_an_embedding_model_hybrid_search_is_keyword_search_with_filters()
    {
        using var store = new SqliteKnowledgeStore(_dir.Combine("a.db"));
        foreach (var (id, kb) in new[] { ("a", "one"), ("b", "two") })
        {
            await store.UpsertDocumentAsync(
                new DocumentRecord(id, $"/d/{id}.md", "md", id, null, 1, 1, DateTimeOffset.UnixEpoch, [], kb),
                [new Chunk(id, 0, "Pelicans eat fish.", [], null, 0, 18, 5)],
                null,
                default);
        }

        var retriever = new KnowledgeRetriever(store);

        Assert.False(retriever.HasEmbeddings);
        Assert.Equal(2, (await retriever.SearchAsync("pelican", 5)).Count);
        Assert.Equal(["b"], (await retriever.SearchAsync("pelican", 5, filter: new SearchFilter(KnowledgeBase: "two"))).Select(h => h.DocumentId));
    }

    [Fact]
    public async Task Dense_search_without_an_embedding_model_says_how_to_configure_one()
    {
        using var store = new SqliteKnowledgeStore(_dir.Combine("b.db"));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => new KnowledgeRetriever(store).SearchAsync("x", 5, SearchMode.Dense));

        Assert.Contains("Models:DefaultEmbedding", ex.Message);
    }
}
