using Assistant.Core.Documents;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Storage;

/// <summary>
/// The behaviour every IKnowledgeStore must have. Subclass it per implementation and implement CreateStoreAsync
/// (a fresh, empty, initialised store per test); put [SkipUnlessEnvironment("X")] on a subclass that needs a server.
/// Only public IKnowledgeStore behaviour is asserted, never a store's internals.
/// </summary>
public abstract class KnowledgeStoreContract : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private IKnowledgeStore? _store;

    protected IKnowledgeStore Store => _store ?? throw new InvalidOperationException("CreateStoreAsync has not run.");

    /// <summary>A fresh, empty store on which InitializeAsync has been called.</summary>
    protected abstract Task<IKnowledgeStore> CreateStoreAsync();

    /// <summary>Frees what CreateStoreAsync made (files, collections).</summary>
    protected virtual Task DisposeStoreAsync(IKnowledgeStore store) => Task.CompletedTask;

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await DisposeStoreAsync(_store);
        }
    }

    protected static DocumentRecord Doc(string id, string source, string hash = "", string kb = DocumentRecord.DefaultKnowledgeBase, params string[] tags) =>
        new(id, source, "markdown", hash == "" ? "hash-" + id : hash, "Title " + id, 0, 100, new DateTimeOffset(2026, 8, 1, 9, 30, 0, TimeSpan.Zero), tags, kb, "fp-" + id);

    protected static IReadOnlyList<Chunk> Texts(string documentId, params string[] texts) =>
        texts.Select((t, i) => new Chunk(documentId, i, t, ["Guide", "Section " + i], i == 0 ? null : i, i * 100, i * 100 + t.Length, t.Length / 4)).ToList();

    protected async Task Put(DocumentRecord doc, IReadOnlyList<ReadOnlyMemory<float>>? vectors, params string[] texts) =>
        await Store.UpsertDocumentAsync(doc with { ChunkCount = texts.Length }, Texts(doc.Id, texts), vectors, Ct);

    private Task<IReadOnlyList<SearchHit>> Search(string text, SearchMode mode = SearchMode.Keyword, SearchFilter? filter = null, float[]? vector = null, int top = 10) =>
        Store.SearchAsync(new SearchQuery(text, top, mode, filter, vector is null ? null : new ReadOnlyMemory<float>(vector)), Ct);

    [StoreFact]
    public async Task Upsert_then_search_finds_the_passage_with_all_hit_fields()
    {
        await Put(Doc("d1", "docs/guide/eval.md"), null, "An introduction to the guide.", "The MMLU benchmark measures knowledge.");

        var hit = Assert.Single(await Search("benchmark"));

        Assert.Equal((1, "d1", "docs/guide/eval.md", "Guide > Section 1", 1, 1), (hit.Rank, hit.DocumentId, hit.Source, hit.Section, hit.Page, hit.ChunkIndex));
        Assert.Equal("The MMLU benchmark measures knowledge.", hit.Text);
        Assert.True(hit.Score > 0);
    }

    [StoreFact]
    public async Task Reupsert_replaces_chunks_without_duplicates()
    {
        await Put(Doc("d1", "a.md"), null, "alpha one", "alpha two", "alpha three");
        await Put(Doc("d1", "a.md", "hash-2"), null, "bravo one", "bravo two");

        Assert.Empty(await Search("alpha"));
        Assert.Equal([0, 1], (await Search("bravo")).Select(h => h.ChunkIndex).Order());
        var stats = await Store.GetStatsAsync(Ct);
        Assert.Equal((1, 2), (stats.Documents, stats.Chunks));
        Assert.Equal("hash-2", (await Store.GetDocumentAsync("d1", Ct))!.ContentHash);
    }

    [StoreFact]
    public async Task Delete_removes_the_document_and_its_chunks()
    {
        await Put(Doc("d1", "a.md"), null, "charlie text");
        await Put(Doc("d2", "b.md"), null, "charlie other");

        Assert.True(await Store.DeleteDocumentAsync("d1", Ct));
        Assert.False(await Store.DeleteDocumentAsync("d1", Ct));

        Assert.Null(await Store.GetDocumentAsync("d1", Ct));
        Assert.Equal(["d2"], (await Search("charlie")).Select(h => h.DocumentId));
    }

    [StoreFact]
    public async Task Filters_restrict_by_document_source_prefix_tags_and_knowledge_base()
    {
        await Put(Doc("d1", "docs/guide/a.md", kb: "work", tags: ["ml", "eval"]), null, "delta passage");
        await Put(Doc("d2", "docs/api/b.md", tags: ["api"]), null, "delta passage");
        await Put(Doc("d3", "notes/c.md", kb: "work"), null, "delta passage");

        async Task<string[]> Ids(SearchFilter f) => (await Search("delta", filter: f)).Select(h => h.DocumentId).Order().ToArray();

        Assert.Equal(["d1", "d3"], await Ids(new SearchFilter(DocumentIds: ["d1", "d3"])));
        Assert.Equal(["d1", "d2"], await Ids(new SearchFilter(SourcePrefix: "docs/")));
        Assert.Equal(["d1"], await Ids(new SearchFilter(SourcePrefix: "docs/guide")));
        Assert.Equal(["d1", "d2"], await Ids(new SearchFilter(Tags: ["eval", "api"])));
        Assert.Equal(["d1", "d3"], await Ids(new SearchFilter(KnowledgeBase: "work")));
        Assert.Equal(["d3"], await Ids(new SearchFilter(SourcePrefix: "notes/", KnowledgeBase: "work")));
    }

    [StoreFact]
    public async Task Documents_are_found_by_id_source_and_content_hash_with_all_fields()
    {
        var doc = Doc("d1", "docs/a.md", "sha-abc", "work", "ml", "eval");
        await Put(doc, null, "echo");

        var found = await Store.FindBySourceAsync("docs/a.md", Ct);
        Assert.NotNull(found);
        Assert.Equal(doc with { ChunkCount = 1, Tags = found.Tags }, found);
        Assert.Equal(["ml", "eval"], found.Tags);
        Assert.Equal("d1", (await Store.FindByContentHashAsync("sha-abc", Ct))?.Id);
        Assert.Equal("d1", (await Store.GetDocumentAsync("d1", Ct))?.Id);
        Assert.Null(await Store.FindBySourceAsync("docs/missing.md", Ct));
        Assert.Null(await Store.FindByContentHashAsync("sha-missing", Ct));
    }

    [StoreFact]
    public async Task ListDocuments_returns_every_document_once()
    {
        foreach (var i in Enumerable.Range(0, 5))
        {
            await Put(Doc("d" + i, $"docs/{i}.md"), null, "foxtrot " + i);
        }

        await Put(Doc("d0", "docs/0.md", "hash-new"), null, "foxtrot again");

        Assert.Equal(["d0", "d1", "d2", "d3", "d4"], (await Store.ListDocumentsAsync(Ct)).Select(d => d.Id).Order());
    }

    [StoreFact]
    public async Task Stats_count_documents_chunks_and_vectors()
    {
        await Put(Doc("d1", "a.md"), [new float[] { 1, 0, 0 }, new float[] { 0, 1, 0 }], "golf one", "golf two");
        await Put(Doc("d2", "b.md"), null, "golf three");

        var stats = await Store.GetStatsAsync(Ct);

        Assert.Equal((2, 3, 2, 3), (stats.Documents, stats.Chunks, stats.ChunksWithVectors, stats.EmbeddingDimensions));
    }

    [StoreFact]
    public async Task Dense_search_ranks_the_nearest_vector_first()
    {
        await Put(Doc("d1", "a.md"), [new float[] { 1, 0, 0 }, new float[] { 0, 1, 0 }, new float[] { 0.7f, 0.7f, 0 }], "hotel x", "hotel y", "hotel z");

        var hits = await Search("", SearchMode.Dense, vector: [0, 1, 0.1f]);

        Assert.Equal([1, 2, 0], hits.Select(h => h.ChunkIndex));
        Assert.Equal([1, 2, 3], hits.Select(h => h.Rank));
        Assert.True(hits[0].Score > hits[1].Score && hits[1].Score > hits[2].Score);
    }

    [StoreFact]
    public async Task Keyword_search_finds_korean_and_english_words_with_ored_terms()
    {
        await Put(Doc("d1", "ko.md"), null, "이 모델은 한국어 질문에 답합니다.", "날씨가 좋습니다.");
        await Put(Doc("d2", "en.md"), null, "The tokenizer splits words.", "Nothing relevant here.");

        Assert.Equal(("d1", 0), (await Search("모델")).Select(h => (h.DocumentId, h.ChunkIndex)).Single());
        Assert.Equal(("d2", 0), (await Search("tokenizer")).Select(h => (h.DocumentId, h.ChunkIndex)).Single());
        Assert.Equal(("d2", 0), (await Search("tokenizer zeppelin")).Select(h => (h.DocumentId, h.ChunkIndex)).Single());
        Assert.Equal(["d1", "d2"], (await Search("모델 tokenizer")).Select(h => h.DocumentId).Order());
    }

    [StoreFact]
    public async Task Hybrid_without_a_vector_behaves_like_keyword_search()
    {
        await Put(Doc("d1", "a.md"), [new float[] { 1, 0 }, new float[] { 0, 1 }], "india alpha", "juliet beta");

        Assert.Equal([1], (await Search("juliet", SearchMode.Hybrid)).Select(h => h.ChunkIndex));
        Assert.Contains(1, (await Search("juliet", SearchMode.Hybrid, vector: [0, 1])).Take(1).Select(h => h.ChunkIndex));
    }

    [StoreFact]
    public async Task UpsertUnlessDuplicate_writes_nothing_when_another_document_has_the_same_content()
    {
        var original = Doc("d1", "a/guide.md", hash: "same-bytes");
        Assert.Null(await Store.UpsertUnlessDuplicateAsync(original with { ChunkCount = 1 }, Texts("d1", "oscar original"), null, Ct));

        var twin = await Store.UpsertUnlessDuplicateAsync(Doc("d2", "b/guide.md", hash: "same-bytes") with { ChunkCount = 1 }, Texts("d2", "oscar copy"), null, Ct);

        Assert.Equal(("d1", "a/guide.md"), (twin?.Id, twin?.SourcePath));
        Assert.Null(await Store.GetDocumentAsync("d2", Ct));
        Assert.Equal(["d1"], (await Search("oscar")).Select(h => h.DocumentId));
        // The same document again (same id) is not its own duplicate, and other content is stored as usual.
        Assert.Null(await Store.UpsertUnlessDuplicateAsync(original with { ChunkCount = 1, Title = "Again" }, Texts("d1", "oscar original"), null, Ct));
        Assert.Equal("Again", (await Store.GetDocumentAsync("d1", Ct))?.Title);
        Assert.Null(await Store.UpsertUnlessDuplicateAsync(Doc("d3", "c/other.md") with { ChunkCount = 1 }, Texts("d3", "oscar other"), null, Ct));
        Assert.Equal(["a/guide.md", "c/other.md"], (await Store.ListDocumentsAsync(Ct)).Select(d => d.SourcePath));
    }

    [StoreFact]
    public async Task GetChunks_returns_the_stored_chunks_in_order()
    {
        var doc = Doc("d1", "a.md");
        var chunks = Texts("d1", "kilo one", "kilo two", "kilo three");
        await Store.UpsertDocumentAsync(doc with { ChunkCount = 3 }, chunks, null, Ct);

        var stored = await Store.GetChunksAsync("d1", Ct);

        Assert.Equal(chunks.Select(Describe), stored.Select(Describe));
        Assert.Empty(await Store.GetChunksAsync("missing", Ct));

        static string Describe(Chunk c) => $"{c.DocumentId}|{c.Index}|{c.Text}|{c.Section}|{c.Page}|{c.StartOffset}|{c.EndOffset}|{c.Tokens}";
    }

    [StoreFact]
    public async Task Embedding_state_tracks_the_recorded_model_and_vector_counts()
    {
        Assert.Equal(EmbeddingState.Empty, await Store.GetEmbeddingStateAsync(Ct));

        var space = new EmbeddingSpace("test/model-a", 3);
        await Store.SetEmbeddingSpaceAsync(space, Ct);
        await Put(Doc("d1", "a.md"), [new float[] { 1, 0, 0 }, new float[] { 0, 1, 0 }], "lima one", "lima two");

        Assert.Equal(new EmbeddingState(space, 2, 2, null), await Store.GetEmbeddingStateAsync(Ct));
    }

    [StoreFact]
    public async Task Reembed_replaces_every_vector_with_the_new_model_and_keeps_the_text()
    {
        await Store.SetEmbeddingSpaceAsync(new EmbeddingSpace("test/model-a", 2), Ct);
        await Put(Doc("d1", "a.md"), [new float[] { 1, 0 }, new float[] { 0, 1 }], "mike one", "mike two");
        await Put(Doc("d2", "b.md"), [new float[] { 1, 1 }], "mike three");
        var target = new EmbeddingSpace("test/model-b", 3);
        var embedded = new List<string>();

        await Store.ReembedAsync(target, (texts, _) =>
        {
            embedded.AddRange(texts);
            // A vector that points at the text's number, so dense search can tell the chunks apart.
            return Task.FromResult<IReadOnlyList<ReadOnlyMemory<float>>>(texts.Select(t => (ReadOnlyMemory<float>)Axis(t)).ToList());
        }, batchSize: 2, progress: null, Ct);

        Assert.Equal(["Guide > Section 0\nmike one", "Guide > Section 0\nmike three", "Guide > Section 1\nmike two"], embedded.Order(StringComparer.Ordinal));
        Assert.Equal(new EmbeddingState(target, 3, 3, null), await Store.GetEmbeddingStateAsync(Ct));
        var hits = await Search("", SearchMode.Dense, vector: [0, 0, 1]);
        Assert.Equal(("d2", "mike three"), (hits[0].DocumentId, hits[0].Text));
        Assert.Equal(["mike one", "mike two"], (await Store.GetChunksAsync("d1", Ct)).Select(c => c.Text));

        static float[] Axis(string text) =>
            text.EndsWith("one", StringComparison.Ordinal) ? [1, 0, 0] : text.EndsWith("two", StringComparison.Ordinal) ? [0, 1, 0] : [0, 0, 1];
    }

    [StoreFact]
    public async Task Reembed_to_null_drops_all_vectors_and_keyword_search_still_works()
    {
        await Store.SetEmbeddingSpaceAsync(new EmbeddingSpace("test/model-a", 2), Ct);
        await Put(Doc("d1", "a.md"), [new float[] { 1, 0 }], "november text");

        await Store.ReembedAsync(null, null, batchSize: 16, progress: null, Ct);

        var state = await Store.GetEmbeddingStateAsync(Ct);
        Assert.Equal((null, 1, 0), (state.Space, state.Chunks, state.ChunksWithVectors));
        Assert.Equal("d1", Assert.Single(await Search("november")).DocumentId);
    }
}
