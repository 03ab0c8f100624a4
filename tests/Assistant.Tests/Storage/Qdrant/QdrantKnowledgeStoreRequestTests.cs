using System.Text.Json.Nodes;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage.Qdrant;
using static Assistant.Tests.Storage.Qdrant.QdrantTestData;

namespace Assistant.Tests.Storage.Qdrant;

/// <summary>What QdrantKnowledgeStore puts on the wire, checked against the Qdrant 1.19 spec by the fake server.</summary>
public sealed class QdrantKnowledgeStoreRequestTests : IAsyncLifetime
{
    private readonly FakeQdrantServer _server = new();
    private QdrantKnowledgeStore _store = null!;

    public Task InitializeAsync()
    {
        var options = Options(o => o.Url = _server.BaseAddress.ToString());
        _store = new QdrantKnowledgeStore(new QdrantRestClient(new HttpClient(), options, delay: (_, _) => Task.CompletedTask), options);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _server.AssertNoViolations();
        await _server.DisposeAsync();
    }

    private IEnumerable<JsonObject> Bodies(string method, string pathSuffix) =>
        _server.Requests.Where(r => r.Method == method && r.Path.EndsWith(pathSuffix, StringComparison.Ordinal)).Select(FakeQdrantServer.ParseBody);

    [Fact]
    public async Task Initialize_creates_collections_and_keyword_indexes_once()
    {
        await _store.InitializeAsync(CancellationToken.None);
        await _store.InitializeAsync(CancellationToken.None);

        var chunks = FakeQdrantServer.ParseBody(_server.Requests.Single(r => r is { Method: "PUT", Path: "/collections/kb" }));
        Assert.Equal(4, chunks["vectors"]!["dense"]!["size"]!.GetValue<int>());
        Assert.Equal("Cosine", chunks["vectors"]!["dense"]!["distance"]!.GetValue<string>());
        Assert.Equal("idf", chunks["sparse_vectors"]!["bm25"]!["modifier"]!.GetValue<string>());
        Assert.Single(_server.Requests, r => r is { Method: "PUT", Path: "/collections/kb_documents" });

        var indexes = _server.Requests.Where(r => r.Path == "/collections/kb/index").Select(FakeQdrantServer.ParseBody)
            .ToDictionary(b => b["field_name"]!.GetValue<string>(), b => b["field_schema"]!.GetValue<string>());
        foreach (var field in new[] { "document_id", "source", "source_prefixes", "tags", "knowledge_base" })
        {
            Assert.Equal("keyword", indexes[field]);
        }

        Assert.Equal("integer", indexes["chunk_index"]);
        Assert.All(_server.Requests.Where(r => r.Path.EndsWith("/index")), r => Assert.Contains("wait=true", r.PathAndQuery));
    }

    [Fact]
    public async Task Upsert_writes_chunks_in_batches_then_trims_the_tail_then_writes_the_record()
    {
        var doc = Document(tags: ["ml"]);
        await _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 3), Vectors(3), CancellationToken.None);

        var writes = _server.Requests.Where(r => r.Method is "PUT" or "POST" && (r.Path.Contains("/points") || r.Path.EndsWith("/delete"))).ToList();
        Assert.Equal(
            ["PUT /collections/kb/points?wait=true", "PUT /collections/kb/points?wait=true", "POST /collections/kb/points/delete?wait=true", "PUT /collections/kb_documents/points?wait=true"],
            writes.Select(r => r.Method + " " + r.PathAndQuery));

        var points = writes.Take(2).SelectMany(r => FakeQdrantServer.ParseBody(r)["points"]!.AsArray()).ToList();
        Assert.Equal(3, points.Count);
        Assert.Equal(QdrantPointIds.ForChunk(doc.Id, 2), points[2]!["id"]!.GetValue<string>());
        var payload = points[1]!["payload"]!;
        Assert.Equal("docs/guide/intro.md", payload["source"]!.GetValue<string>());
        Assert.Equal(["docs", "docs/", "docs/guide", "docs/guide/", "docs/guide/intro.md"], payload["source_prefixes"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Equal("Guide > Part 1", payload["section"]!.GetValue<string>());
        Assert.Equal(4, points[1]!["vector"]!["dense"]!.AsArray().Count);
        Assert.NotEmpty(points[1]!["vector"]!["bm25"]!["indices"]!.AsArray());

        var trim = FakeQdrantServer.ParseBody(writes[2])["filter"]!["must"]!.AsArray();
        Assert.Equal("doc-1", trim[0]!["match"]!["value"]!.GetValue<string>());
        Assert.Equal(3, trim[1]!["range"]!["gte"]!.GetValue<int>());

        var record = FakeQdrantServer.ParseBody(writes[3])["points"]![0]!;
        Assert.Equal(QdrantPointIds.ForDocument(doc.Id), record["id"]!.GetValue<string>());
        Assert.Equal("hash-1", record["payload"]!["content_hash"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upsert_without_embeddings_sends_only_the_sparse_vector()
    {
        var doc = Document();
        await _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 1), null, CancellationToken.None);
        var point = Bodies("PUT", "/collections/kb/points").Single()["points"]![0]!;
        Assert.Null(point["vector"]!["dense"]);
        Assert.NotNull(point["vector"]!["bm25"]);
    }

    [Fact]
    public async Task Delete_removes_record_then_chunks_by_filter()
    {
        _server.AddCollection("kb");
        _server.AddCollection("kb_documents");
        _server.ScrollPages.Enqueue((new JsonArray(DocumentPointJson()), null));

        Assert.True(await _store.DeleteDocumentAsync("doc-1", CancellationToken.None));

        var deletes = _server.Requests.Where(r => r.Path.EndsWith("/points/delete")).ToList();
        Assert.Equal(["/collections/kb_documents/points/delete", "/collections/kb/points/delete"], deletes.Select(r => r.Path));
        Assert.All(deletes, r => Assert.Equal("doc-1", FakeQdrantServer.ParseBody(r)["filter"]!["must"]![0]!["match"]!["value"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Dense_query_sends_vector_filter_threshold_and_maps_hits()
    {
        _server.AddCollection("kb");
        _server.QueryResult = new JsonArray(ScoredPoint(0.93, 4), ScoredPoint(0.71, 0));
        var filter = new SearchFilter(["doc-1"], "docs/guide/", ["ml"], "default");

        var hits = await _store.SearchAsync(new SearchQuery("q", 2, SearchMode.Dense, filter, new float[] { 1, 0, 0, 0 }, 0.5), CancellationToken.None);

        var body = Bodies("POST", "/points/query").Single();
        Assert.Equal("dense", body["using"]!.GetValue<string>());
        Assert.Equal(2, body["limit"]!.GetValue<int>());
        Assert.Equal(0.5, body["score_threshold"]!.GetValue<double>());
        var must = body["filter"]!["must"]!.AsArray().Select(c => c!["key"]!.GetValue<string>());
        Assert.Equal(["document_id", "source_prefixes", "tags", "knowledge_base"], must);

        Assert.Equal([1, 2], hits.Select(h => h.Rank));
        Assert.Equal(new SearchHit(1, 0.93, "doc-1", "docs/guide/intro.md", "Guide", 3, "text 4", 4), hits[0] with { Score = Math.Round(hits[0].Score, 2) });
    }

    [Fact]
    public async Task Hybrid_query_prefetches_dense_and_sparse_and_fuses_with_rrf()
    {
        _server.AddCollection("kb");
        await _store.SearchAsync(new SearchQuery("모델 benchmark", 5, SearchMode.Hybrid, Vector: new float[] { 1, 0, 0, 0 }), CancellationToken.None);

        var body = Bodies("POST", "/points/query").Single();
        Assert.Equal("rrf", body["query"]!["fusion"]!.GetValue<string>());
        var legs = body["prefetch"]!.AsArray();
        Assert.Equal(["dense", "bm25"], legs.Select(l => l!["using"]!.GetValue<string>()));
        Assert.Equal(2, legs[1]!["query"]!["indices"]!.AsArray().Count);
        Assert.All(legs, l => Assert.Equal(20, l!["limit"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Keyword_query_uses_the_sparse_vector_and_hybrid_without_vector_falls_back_to_it()
    {
        _server.AddCollection("kb");
        await _store.SearchAsync(new SearchQuery("benchmark", Mode: SearchMode.Keyword, Vector: new float[] { 1, 0, 0, 0 }), CancellationToken.None);
        await _store.SearchAsync(new SearchQuery("benchmark"), CancellationToken.None);

        Assert.All(Bodies("POST", "/points/query"), b => Assert.Equal("bm25", b["using"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Dense_without_a_vector_is_a_clear_error()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.SearchAsync(new SearchQuery("q", Mode: SearchMode.Dense), CancellationToken.None));
        Assert.Contains("SearchQuery.Vector", ex.Message);
    }

    [Fact]
    public async Task ListDocuments_scrolls_until_no_next_page()
    {
        _server.AddCollection("kb_documents");
        _server.ScrollPages.Enqueue((new JsonArray(DocumentPointJson("b", "docs/b.md")), JsonValue.Create("00000000-0000-0000-0000-000000000001")));
        _server.ScrollPages.Enqueue((new JsonArray(DocumentPointJson("a", "docs/a.md")), null));

        var docs = await _store.ListDocumentsAsync(CancellationToken.None);

        Assert.Equal(["a", "b"], docs.Select(d => d.Id));
        var scrolls = Bodies("POST", "/points/scroll").ToList();
        Assert.Null(scrolls[0]["offset"]);
        Assert.Equal("00000000-0000-0000-0000-000000000001", scrolls[1]["offset"]!.GetValue<string>());
        Assert.Equal(["ml"], docs[0].Tags);
        Assert.Equal("fp", docs[0].Fingerprint);
    }

    [Fact]
    public async Task Stats_come_from_counts_and_collection_info()
    {
        await _store.InitializeAsync(CancellationToken.None);
        _server.CountResult = 3;

        var stats = await _store.GetStatsAsync(CancellationToken.None);

        Assert.Equal(new StoreStatsShape(3, 3, 3, 4), new StoreStatsShape(stats.Documents, stats.Chunks, stats.ChunksWithVectors, stats.EmbeddingDimensions));
        Assert.Contains(Bodies("POST", "/kb/points/count"), b => b["filter"]?["must"]?[0]?["has_vector"]?.GetValue<string>() == "dense");
    }

    private sealed record StoreStatsShape(int Documents, int Chunks, int WithVectors, int? Dims);

    private static JsonObject ScoredPoint(double score, int index) => new()
    {
        ["id"] = QdrantPointIds.ForChunk("doc-1", index),
        ["version"] = 1,
        ["score"] = score,
        ["payload"] = new JsonObject
        {
            ["document_id"] = "doc-1", ["chunk_index"] = index, ["text"] = "text " + index, ["section"] = "Guide", ["page"] = 3, ["source"] = "docs/guide/intro.md",
        },
    };

    private static JsonObject DocumentPointJson(string id = "doc-1", string source = "docs/guide/intro.md")
    {
        var point = QdrantPayloads.DocumentPoint(Document(id, source, tags: ["ml"]));
        point.Remove("vector");
        return point;
    }
}
