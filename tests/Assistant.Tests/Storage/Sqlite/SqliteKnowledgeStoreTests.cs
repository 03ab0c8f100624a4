using Assistant.Core.Documents;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage;
using Assistant.Core.Storage.Sqlite;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Storage.Sqlite;

public sealed class SqliteKnowledgeStoreTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly SqliteKnowledgeStore _store;
    private readonly DbInspector _db;

    public SqliteKnowledgeStoreTests()
    {
        _store = new SqliteKnowledgeStore(_dir.Combine("index", "assistant.db"));
        _db = new DbInspector(_store.DatabasePath);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Documents_round_trip_with_all_their_fields()
    {
        var doc = Doc("d1", "/docs/a.md", tags: ["hr", "policy"], kb: "alpha") with { Title = "Refunds", Fingerprint = "fp" };
        await _store.UpsertDocumentAsync(doc, [Chunk("d1", 0, "Refunds within 30 days.", ["Refunds"])], null, default);

        var read = await _store.GetDocumentAsync("d1", default);

        Assert.NotNull(read);
        // chunk_count is what was actually stored, whatever the record claimed.
        Assert.Equal(doc with { Tags = read.Tags, ChunkCount = 1 }, read);
        Assert.Equal(["hr", "policy"], read.Tags);
        Assert.Equal("d1", (await _store.FindBySourceAsync("/docs/a.md", default))?.Id);
        Assert.Equal("d1", (await _store.FindByContentHashAsync("hash-d1", default))?.Id);
        Assert.Null(await _store.FindBySourceAsync("/docs/A.md", default));
        Assert.Null(await _store.GetDocumentAsync("nope", default));
    }

    [Fact]
    public async Task Search_hits_carry_source_section_page_and_chunk_index()
    {
        await _store.UpsertDocumentAsync(Doc("d1", "/docs/a.pdf"), [Chunk("d1", 0, "Intro text.", []), Chunk("d1", 1, "Pelicans eat fish.", ["Birds", "Pelicans"], page: 2)], null, default);

        var hit = Assert.Single(await Search("pelicans"));

        Assert.Equal(1, hit.Rank);
        Assert.True(hit.Score > 0);
        Assert.Equal("d1", hit.DocumentId);
        Assert.Equal("/docs/a.pdf", hit.Source);
        Assert.Equal("Birds > Pelicans", hit.Section);
        Assert.Equal(2, hit.Page);
        Assert.Equal("Pelicans eat fish.", hit.Text);
        Assert.Equal(1, hit.ChunkIndex);
    }

    [Fact]
    public async Task Korean_two_syllable_words_are_found_inside_longer_words_with_particles()
    {
        await Seed();

        var hits = await Search("환불");

        Assert.Equal(["ko"], hits.Select(h => h.DocumentId));
        Assert.Equal(["ko"], (await Search("환불은 어떻게 되나요?")).Select(h => h.DocumentId));
    }

    [Fact]
    public async Task Terms_are_ORed_so_one_missing_term_does_not_hide_a_match()
    {
        await Seed();

        Assert.Equal(["en"], (await Search("pelicans zzzunknownword")).Select(h => h.DocumentId));
        Assert.Empty(await Search("zzzunknownword"));
        Assert.Empty(await Search("the and of"));
    }

    [Fact]
    public async Task More_matching_terms_rank_higher()
    {
        await _store.UpsertDocumentAsync(Doc("one", "/d/one.md"), [Chunk("one", 0, "Pelicans are birds.", [])], null, default);
        await _store.UpsertDocumentAsync(Doc("two", "/d/two.md"), [Chunk("two", 0, "Pelicans catch fish in the harbor.", [])], null, default);

        var hits = await Search("pelican fish harbor");

        Assert.Equal(["two", "one"], hits.Select(h => h.DocumentId));
        Assert.True(hits[0].Score > hits[1].Score);
        Assert.Equal([1, 2], hits.Select(h => h.Rank));
    }

    [Fact]
    public async Task Filters_restrict_by_document_source_prefix_tag_and_knowledge_base()
    {
        await _store.UpsertDocumentAsync(Doc("a", "/data/Team/a.md", tags: ["hr"], kb: "alpha"), [Chunk("a", 0, "Shared word lantern.", [])], null, default);
        await _store.UpsertDocumentAsync(Doc("b", "/data/team/b.md", tags: ["eng"], kb: "alpha"), [Chunk("b", 0, "Shared word lantern.", [])], null, default);
        await _store.UpsertDocumentAsync(Doc("c", "/data/Team/c.md", tags: ["hr", "eng"], kb: "beta"), [Chunk("c", 0, "Shared word lantern.", [])], null, default);

        Assert.Equal(["a", "b", "c"], await Ids(null));
        Assert.Equal(["a", "c"], await Ids(new SearchFilter(DocumentIds: ["a", "c", "zzz"])));
        // Paths on Linux are case-sensitive, and so is the prefix filter.
        Assert.Equal(["a", "c"], await Ids(new SearchFilter(SourcePrefix: "/data/Team/")));
        Assert.Equal(["b"], await Ids(new SearchFilter(SourcePrefix: "/data/team/")));
        Assert.Equal(["a", "c"], await Ids(new SearchFilter(Tags: ["hr"])));
        Assert.Equal(["a", "b", "c"], await Ids(new SearchFilter(Tags: ["hr", "eng"])));
        Assert.Equal(["a", "b"], await Ids(new SearchFilter(KnowledgeBase: "alpha")));
        Assert.Equal(["c"], await Ids(new SearchFilter(SourcePrefix: "/data/Team/", Tags: ["eng"])));
        Assert.Empty(await Ids(new SearchFilter(KnowledgeBase: "gamma")));
    }

    [Fact]
    public async Task A_knowledge_base_filter_holds_the_moment_another_base_shares_the_index()
    {
        // While the index holds one base only, its filter is dropped as redundant (a speed-up); it must come back as
        // soon as a document of another base arrives, and never match a base the index does not hold.
        await _store.UpsertDocumentAsync(Doc("a", "/data/a.md", kb: "alpha"), [Chunk("a", 0, "Shared word lantern.", [])], null, default);
        Assert.Equal(["a"], await Ids(new SearchFilter(KnowledgeBase: "alpha")));
        Assert.Empty(await Ids(new SearchFilter(KnowledgeBase: "beta")));

        await _store.UpsertDocumentAsync(Doc("b", "/data/b.md", kb: "beta"), [Chunk("b", 0, "Shared word lantern.", [])], null, default);
        Assert.Equal(["a"], await Ids(new SearchFilter(KnowledgeBase: "alpha")));
        Assert.Equal(["b"], await Ids(new SearchFilter(KnowledgeBase: "beta")));

        Assert.True(await _store.DeleteDocumentAsync("b", default));
        Assert.Equal(["a"], await Ids(new SearchFilter(KnowledgeBase: "alpha")));
        Assert.Empty(await Ids(new SearchFilter(KnowledgeBase: "beta")));
    }

    [Fact]
    public async Task Top_limits_the_number_of_hits()
    {
        for (var i = 0; i < 8; i++)
        {
            await _store.UpsertDocumentAsync(Doc($"d{i}", $"/d/{i}.md"), [Chunk($"d{i}", 0, $"Lantern number {i}.", [])], null, default);
        }

        Assert.Equal(3, (await _store.SearchAsync(new SearchQuery("lantern", 3, SearchMode.Keyword), default)).Count);
    }

    [Fact]
    public async Task The_database_runs_in_wal_mode()
    {
        await _store.InitializeAsync(default);

        Assert.Equal("wal", _db.Text("PRAGMA journal_mode"));
        Assert.True(File.Exists(_store.DatabasePath));
    }

    [Fact]
    public async Task Upsert_replaces_all_chunks_of_a_document()
    {
        await _store.UpsertDocumentAsync(Doc("d1", "/d/a.md"), [Chunk("d1", 0, "Old walrus.", []), Chunk("d1", 1, "Old seal.", [])], null, default);

        await _store.UpsertDocumentAsync(Doc("d1", "/d/a.md") with { ContentHash = "v2" }, [Chunk("d1", 0, "New otter.", [])], null, default);

        Assert.Empty(await Search("walrus"));
        Assert.Single(await Search("otter"));
        Assert.Equal(1, _db.Chunks);
        Assert.Equal("v2", (await _store.GetDocumentAsync("d1", default))!.ContentHash);
        _db.AssertConsistent();
    }

    [Fact]
    public async Task A_failure_in_the_middle_of_an_upsert_leaves_the_previous_version_intact()
    {
        await _store.UpsertDocumentAsync(Doc("d1", "/d/a.md"), [Chunk("d1", 0, "Version one walrus.", []), Chunk("d1", 1, "More of version one.", [])], null, default);

        // The second chunk repeats index 0: the insert fails after the old chunks were deleted and the document row updated.
        var broken = new[] { Chunk("d1", 0, "Version two otter.", []), Chunk("d1", 0, "Clashing index.", []) };
        await Assert.ThrowsAnyAsync<Microsoft.Data.Sqlite.SqliteException>(() => _store.UpsertDocumentAsync(Doc("d1", "/d/a.md") with { ContentHash = "v2" }, broken, null, default));

        var doc = await _store.GetDocumentAsync("d1", default);
        Assert.Equal("hash-d1", doc!.ContentHash);
        Assert.Equal(2, doc.ChunkCount);
        Assert.Single(await Search("walrus"));
        Assert.Empty(await Search("otter"));
        _db.AssertConsistent();
    }

    [Fact]
    public async Task UpsertUnlessDuplicate_from_two_stores_racing_on_one_file_keeps_one_copy_of_each_content()
    {
        // Two store objects have separate connection pools, as two processes would: only SQLite's lock orders them.
        using var other = new SqliteKnowledgeStore(_store.DatabasePath);
        await _store.InitializeAsync(default);
        const int Contents = 60;
        var writes = new[] { (_store, "a"), (other, "b") }.Select(side => Task.Run(async () =>
        {
            var twins = 0;
            for (var i = 0; i < Contents; i++)
            {
                var id = $"{side.Item2}{i}";
                var doc = Doc(id, $"/{side.Item2}/{i}.md") with { ContentHash = $"content-{i}", ChunkCount = 1 };
                if (await side.Item1.UpsertUnlessDuplicateAsync(doc, [Chunk(id, 0, $"Racing text {i}.", [])], null, default) is not null) twins++;
            }

            return twins;
        })).ToList();

        var skipped = (await Task.WhenAll(writes)).Sum();

        Assert.Equal(Contents, skipped);
        Assert.Equal(Contents, _db.Documents);
        Assert.Equal(Contents, _db.Scalar("SELECT COUNT(DISTINCT content_hash) FROM documents"));
        _db.AssertConsistent();
    }

    [Fact]
    public async Task An_embedding_count_mismatch_is_refused_before_anything_is_written()
    {
        await _store.UpsertDocumentAsync(Doc("d1", "/d/a.md"), [Chunk("d1", 0, "Version one walrus.", [])], null, default);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _store.UpsertDocumentAsync(
            Doc("d1", "/d/a.md") with { ContentHash = "v2" },
            [Chunk("d1", 0, "Version two otter.", []), Chunk("d1", 1, "Second.", [])],
            [new float[] { 1, 0 }],
            default));

        Assert.Contains("1 embeddings for 2 chunks of /d/a.md", ex.Message);
        Assert.Equal("hash-d1", (await _store.GetDocumentAsync("d1", default))!.ContentHash);
        Assert.Single(await Search("walrus"));
    }

    [Fact]
    public async Task Delete_removes_the_document_its_chunks_and_its_keyword_entries()
    {
        await Seed();

        Assert.True(await _store.DeleteDocumentAsync("en", default));
        Assert.False(await _store.DeleteDocumentAsync("en", default));

        Assert.Empty(await Search("pelicans"));
        Assert.Equal(["ko"], (await _store.ListDocumentsAsync(default)).Select(d => d.Id));
        var stats = await _store.GetStatsAsync(default);
        Assert.Equal(1, stats.Documents);
        Assert.Equal(1, stats.Chunks);
        Assert.Equal(0, stats.ChunksWithVectors);
        _db.AssertConsistent();
    }

    [Fact]
    public async Task Keyword_search_refuses_dense_mode_without_vectors()
    {
        await Seed();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.SearchAsync(new SearchQuery("pelicans", 5, SearchMode.Dense), default));
        Assert.Contains("embedding model", error.Message);
    }

    [Fact]
    public async Task A_second_store_on_the_same_file_sees_the_data()
    {
        await Seed();
        using var reopened = new SqliteKnowledgeStore(_store.DatabasePath);

        Assert.Equal(2, (await reopened.ListDocumentsAsync(default)).Count);
    }

    private async Task Seed()
    {
        await _store.UpsertDocumentAsync(Doc("en", "/docs/en.md"), [Chunk("en", 0, "Pelicans eat fish in the harbor.", ["Birds"])], null, default);
        await _store.UpsertDocumentAsync(Doc("ko", "/docs/ko.md"), [Chunk("ko", 0, "환불정책은 구매 후 30일까지 적용됩니다.", ["정책"])], null, default);
    }

    private Task<IReadOnlyList<SearchHit>> Search(string text) => _store.SearchAsync(new SearchQuery(text, 10, SearchMode.Keyword), default);

    private async Task<List<string>> Ids(SearchFilter? filter) =>
        (await _store.SearchAsync(new SearchQuery("lantern", 10, SearchMode.Keyword, filter), default)).Select(h => h.DocumentId).Order().ToList();

    [Fact]
    public async Task Term_statistics_count_the_chunks_that_contain_each_analysed_term()
    {
        await _store.UpsertDocumentAsync(Doc("d1", "/a.md"), [Chunk("d1", 0, "Refunds take 30 days.", ["Billing"]), Chunk("d1", 1, "환불은 30일 이내에 가능합니다.", ["결제"])], null, default);
        await _store.UpsertDocumentAsync(Doc("d2", "/b.md"), [Chunk("d2", 0, "Shipping takes two days.", ["Shipping"])], null, default);

        var stats = await _store.GetTermStatisticsAsync(["refund", "day", "환불", "fax"], default);

        Assert.Equal(3, stats.Chunks);
        Assert.Equal(1, stats.ChunksWithTerm["refund"]);
        Assert.Equal(2, stats.ChunksWithTerm["day"]);
        Assert.Equal(1, stats.ChunksWithTerm["환불"]);
        Assert.False(stats.ChunksWithTerm.ContainsKey("fax"));
        Assert.True(stats.Idf("fax") > stats.Idf("refund") && stats.Idf("refund") > stats.Idf("day"));
    }

    [Fact]
    public async Task Term_statistics_are_remembered_but_never_outlive_a_write_of_this_store()
    {
        await _store.UpsertDocumentAsync(Doc("d1", "/a.md"), [Chunk("d1", 0, "Refunds take 30 days.", ["Billing"])], null, default);
        var before = await _store.GetTermStatisticsAsync(["refund", "fax"], default);
        Assert.Equal(1, before.ChunksWithTerm["refund"]);
        Assert.False(before.ChunksWithTerm.ContainsKey("fax"));

        await _store.UpsertDocumentAsync(Doc("d2", "/b.md"), [Chunk("d2", 0, "Refunds by fax are not accepted.", ["Billing"])], null, default);
        var after = await _store.GetTermStatisticsAsync(["refund", "fax"], default);

        Assert.Equal(2, after.Chunks);
        Assert.Equal(2, after.ChunksWithTerm["refund"]);
        Assert.Equal(1, after.ChunksWithTerm["fax"]);

        await _store.DeleteDocumentAsync("d2", default);
        var deleted = await _store.GetTermStatisticsAsync(["refund", "fax"], default);
        Assert.Equal(1, deleted.ChunksWithTerm["refund"]);
        Assert.False(deleted.ChunksWithTerm.ContainsKey("fax"));
    }

    [Fact]
    public async Task Every_write_that_changes_what_search_ranks_moves_the_index_generation_once()
    {
        await _store.InitializeAsync(default);
        long Generation() => _db.Scalar("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'index_generation'");
        var steps = new List<long> { Generation() };

        await _store.UpsertDocumentAsync(Doc("a", "/a.md"), [Chunk("a", 0, "Alpha.", []), Chunk("a", 1, "More alpha.", [])], null, default);
        steps.Add(Generation());
        EmbedTexts embed = (texts, _) => Task.FromResult<IReadOnlyList<ReadOnlyMemory<float>>>(texts.Select(_ => (ReadOnlyMemory<float>)new float[] { 1, 0, 0 }).ToList());
        await _store.ReembedAsync(new EmbeddingSpace("test/model", 3), embed, 10, null, default);
        steps.Add(Generation());
        await _store.ReembedAsync(null, null, 10, null, default);
        steps.Add(Generation());
        await _store.DeleteDocumentAsync("a", default);
        steps.Add(Generation());

        // Once per transaction, not per chunk: two chunks written still move it by one.
        Assert.Equal([0L, 1, 2, 3, 4], steps);
    }

    [Fact]
    public async Task Dense_search_reads_another_processs_writes_once_the_index_settles()
    {
        var vectors = new ReadOnlyMemory<float>[] { new float[] { 1, 0, 0 } };
        await _store.UpsertDocumentAsync(Doc("a", "/a.md"), [Chunk("a", 0, "Alpha text.", [])], vectors, default);
        var dense = new SearchQuery(string.Empty, 5, SearchMode.Dense, new SearchFilter(KnowledgeBase: DocumentRecord.DefaultKnowledgeBase), new float[] { 0, 0, 1 });
        Assert.Equal(["a"], (await _store.SearchAsync(dense, default)).Select(h => h.DocumentId));

        // Another store on the file stands for another process (`assistant ingest` beside the server).
        using (var other = new SqliteKnowledgeStore(_store.DatabasePath))
        {
            await other.UpsertDocumentAsync(Doc("b", "/b.md"), [Chunk("b", 0, "Beta text.", [])], [new float[] { 0, 0, 1 }], default);
            await other.DeleteDocumentAsync("a", default);
        }

        // At once: the deleted document is never returned, even from the vectors read before.
        Assert.DoesNotContain(await _store.SearchAsync(dense, default), h => h.DocumentId == "a");

        // Once the index has stayed at the new generation for a second, the vectors are read again.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        Assert.Equal(["b"], (await _store.SearchAsync(dense, default)).Select(h => h.DocumentId));
    }

    [Fact]
    public async Task Dense_search_keeps_a_knowledge_base_filter_once_another_base_shares_the_index()
    {
        await _store.UpsertDocumentAsync(Doc("a", "/a.md"), [Chunk("a", 0, "Alpha text.", [])], [new float[] { 1, 0, 0 }], default);
        await _store.UpsertDocumentAsync(Doc("b", "/b.md", kb: "beta"), [Chunk("b", 0, "Beta text.", [])], [new float[] { 0.9f, 0.1f, 0 }], default);

        var hits = await _store.SearchAsync(new SearchQuery(string.Empty, 5, SearchMode.Dense, new SearchFilter(KnowledgeBase: "beta"), new float[] { 1, 0, 0 }), default);

        Assert.Equal(["b"], hits.Select(h => h.DocumentId));
    }

    private static DocumentRecord Doc(string id, string source, string[]? tags = null, string kb = DocumentRecord.DefaultKnowledgeBase) =>
        new(id, source, "md", "hash-" + id, null, 0, 100, new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), tags ?? [], kb);

    private static Chunk Chunk(string doc, int index, string text, string[] section, int? page = null) =>
        new(doc, index, text, section, page, 0, text.Length, Assistant.Core.Text.O200kTokenCounter.Instance.Count(text));
}
