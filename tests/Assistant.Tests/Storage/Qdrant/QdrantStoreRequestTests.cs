using Assistant.Core.Retrieval;
using Assistant.Core.Storage.Qdrant;
using Grpc.Core;
using Qdrant.Client.Grpc;
using static Assistant.Tests.Storage.Qdrant.QdrantTestData;

namespace Assistant.Tests.Storage.Qdrant;

/// <summary>What QdrantKnowledgeStore sends through the real QdrantClient, as the fake gRPC server received it.</summary>
public sealed class QdrantStoreRequestTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private FakeQdrantServer _server = null!;
    private QdrantConnection _connection = null!;
    private QdrantKnowledgeStore _store = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeQdrantServer.StartAsync();
        var options = _server.Options(o => o.Dimensions = 4);
        _connection = new QdrantConnection(options);
        _store = new QdrantKnowledgeStore(_connection.Client, options);
    }

    public async Task DisposeAsync()
    {
        _connection.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Initialize_creates_the_documents_collection_a_first_version_and_the_alias_once()
    {
        await _store.InitializeAsync(Ct);
        await _store.InitializeAsync(Ct);

        var creates = _server.State.Requests<CreateCollection>();
        Assert.Equal(["kb_documents", "kb_v1"], creates.Select(c => c.CollectionName));
        var chunks = creates[1];
        Assert.Equal((4ul, Distance.Cosine), (chunks.VectorsConfig.ParamsMap.Map["dense"].Size, chunks.VectorsConfig.ParamsMap.Map["dense"].Distance));
        Assert.Equal(Modifier.Idf, chunks.SparseVectorsConfig.Map["bm25"].Modifier);
        Assert.Empty(creates[0].VectorsConfig.ParamsMap.Map);

        var alias = Assert.Single(_server.State.Requests<ChangeAliases>());
        Assert.Equal(("kb", "kb_v1"), (alias.Actions.Single().CreateAlias.AliasName, alias.Actions.Single().CreateAlias.CollectionName));
        Assert.Equal("kb_v1", _server.State.AliasTarget("kb"));

        var indexes = _server.State.Requests<CreateFieldIndexCollection>().Where(r => r.CollectionName == "kb_v1").ToDictionary(r => r.FieldName, r => r.FieldType);
        foreach (var field in new[] { "document_id", "source", "source_prefixes", "tags", "knowledge_base" })
        {
            Assert.Equal(FieldType.Keyword, indexes[field]);
        }

        Assert.Equal(FieldType.Integer, indexes["chunk_index"]);
        Assert.All(_server.State.Requests<CreateFieldIndexCollection>(), r => Assert.True(r.Wait));
    }

    [Fact]
    public async Task Upsert_writes_chunks_in_batches_through_the_alias_then_trims_the_tail_then_writes_the_record()
    {
        var doc = Document(tags: ["ml"]);
        await _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 3), Vectors(3), Ct);

        var writes = _server.State.Calls.Where(c => c.Method is "Upsert" or "Delete" && c.Request is UpsertPoints or DeletePoints).ToList();
        Assert.Equal(
            ["Upsert kb", "Upsert kb", "Delete kb", "Upsert kb_documents"],
            writes.Select(c => c.Method + " " + (c.Request is UpsertPoints u ? u.CollectionName : ((DeletePoints)c.Request).CollectionName)));
        var upserts = _server.State.Requests<UpsertPoints>();
        Assert.All(upserts, u => Assert.True(u.Wait));

        var points = upserts.Take(2).SelectMany(u => u.Points).ToList();
        Assert.Equal(3, points.Count);
        Assert.Equal(QdrantPointIds.ForChunk(doc.Id, 2), points[2].Id.Uuid);
        var payload = points[1].Payload;
        Assert.Equal("docs/guide/intro.md", payload["source"].StringValue);
        Assert.Equal(["docs", "docs/", "docs/guide", "docs/guide/", "docs/guide/intro.md"], payload["source_prefixes"].ListValue.Values.Select(v => v.StringValue));
        Assert.Equal("Guide > Part 1", payload["section"].StringValue);
        Assert.Equal(4, points[1].Vectors.Vectors_.Vectors["dense"].Dense.Data.Count);
        Assert.NotEmpty(points[1].Vectors.Vectors_.Vectors["bm25"].Sparse.Indices);

        var trim = _server.State.Requests<DeletePoints>().Single().Points.Filter.Must;
        Assert.Equal(("document_id", "doc-1"), (trim[0].Field.Key, trim[0].Field.Match.Keyword));
        Assert.Equal(("chunk_index", 3d), (trim[1].Field.Key, trim[1].Field.Range.Gte));

        var record = upserts[2].Points.Single();
        Assert.Equal(QdrantPointIds.ForDocument(doc.Id), record.Id.Uuid);
        Assert.Equal("hash-1", record.Payload["content_hash"].StringValue);
    }

    [Fact]
    public async Task Upsert_without_embeddings_sends_only_the_sparse_vector()
    {
        var doc = Document();
        await _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 1), null, Ct);

        var vectors = _server.State.Requests<UpsertPoints>().First(u => u.CollectionName == "kb").Points.Single().Vectors.Vectors_.Vectors;
        Assert.Equal(["bm25"], vectors.Keys);
    }

    [Fact]
    public async Task Hybrid_query_prefetches_dense_and_sparse_legs_and_fuses_them_with_rrf_inside_qdrant()
    {
        await _store.InitializeAsync(Ct);
        await _store.SearchAsync(new SearchQuery("모델 benchmark", 5, SearchMode.Hybrid, Vector: new float[] { 1, 0, 0, 0 }), Ct);

        var query = _server.State.Requests<QueryPoints>().Single();
        Assert.Equal(("kb", Fusion.Rrf, 5ul), (query.CollectionName, query.Query.Fusion, query.Limit));
        Assert.Equal(["dense", "bm25"], query.Prefetch.Select(l => l.Using));
        Assert.Equal(4, query.Prefetch[0].Query.Nearest.Dense.Data.Count);
        Assert.Equal(2, query.Prefetch[1].Query.Nearest.Sparse.Indices.Count); // 모델 (one bigram) and benchmark
        Assert.All(query.Prefetch, l => Assert.Equal(20ul, l.Limit));
        Assert.False(query.WithVectors.Enable);
    }

    [Fact]
    public async Task Dense_query_sends_vector_filter_and_threshold_and_maps_hits()
    {
        var doc = Document(tags: ["ml"]);
        await _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 3), Vectors(3), Ct);
        var filter = new SearchFilter(["doc-1"], "docs/guide/", ["ml"], "default");

        var hits = await _store.SearchAsync(new SearchQuery("q", 2, SearchMode.Dense, filter, Vectors(3)[1], 0.5), Ct);

        var query = _server.State.Requests<QueryPoints>().Single();
        Assert.Equal(("dense", 2ul, 0.5f), (query.Using, query.Limit, query.ScoreThreshold));
        Assert.Equal(["document_id", "source_prefixes", "tags", "knowledge_base"], query.Filter.Must.Select(c => c.Field.Key));
        Assert.Equal("docs/guide/", query.Filter.Must[1].Field.Match.Keyword);
        Assert.Equal(["document_id", "chunk_index", "text", "section", "page", "source"], query.WithPayload.Include.Fields);
        Assert.Equal([1, 2], hits.Select(h => h.Rank));
        Assert.Equal(new SearchHit(1, 1, "doc-1", "docs/guide/intro.md", "Guide > Part 1", 2, "Chunk 1 about the 모델 benchmark", 1), hits[0] with { Score = Math.Round(hits[0].Score, 3) });
    }

    [Fact]
    public async Task Keyword_query_uses_the_sparse_vector_and_hybrid_without_vector_falls_back_to_it()
    {
        await _store.InitializeAsync(Ct);
        await _store.SearchAsync(new SearchQuery("benchmark", Mode: SearchMode.Keyword, Vector: new float[] { 1, 0, 0, 0 }), Ct);
        await _store.SearchAsync(new SearchQuery("benchmark"), Ct);

        Assert.All(_server.State.Requests<QueryPoints>(), q => Assert.Equal(("bm25", 0), (q.Using, q.Prefetch.Count)));
    }

    [Fact]
    public async Task Dense_without_a_vector_is_a_clear_error()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.SearchAsync(new SearchQuery("q", Mode: SearchMode.Dense), Ct));
        Assert.Contains("SearchQuery.Vector", ex.Message);
    }

    [Fact]
    public async Task ListDocuments_scrolls_page_by_page_until_no_next_offset()
    {
        foreach (var i in Enumerable.Range(0, 300))
        {
            await _store.UpsertDocumentAsync(Document("d" + i, $"docs/{i:D3}.md"), Chunks("d" + i, 1), null, Ct);
        }

        var docs = await _store.ListDocumentsAsync(Ct);

        Assert.Equal(300, docs.Count);
        Assert.Equal("docs/000.md", docs[0].SourcePath);
        var scrolls = _server.State.Requests<ScrollPoints>().Where(s => s.CollectionName == "kb_documents" && s.Filter is null).ToList();
        Assert.Equal(2, scrolls.Count);
        Assert.Null(scrolls[0].Offset);
        Assert.NotNull(scrolls[1].Offset);
        Assert.Equal("fp", docs[0].Fingerprint);
    }

    [Fact]
    public async Task Stats_count_chunks_and_vectors_through_the_alias()
    {
        var doc = Document();
        await _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 3), Vectors(3), Ct);
        await _store.UpsertDocumentAsync(Document("doc-2", "b.md"), Chunks("doc-2", 1), null, Ct);

        var stats = await _store.GetStatsAsync(Ct);

        Assert.Equal((2, 4, 3, 4), (stats.Documents, stats.Chunks, stats.ChunksWithVectors, stats.EmbeddingDimensions));
        Assert.Contains(_server.State.Requests<CountPoints>(), c => c.CollectionName == "kb" && c.Filter?.Must.SingleOrDefault()?.HasVector.HasVector == "dense");
    }

    [Fact]
    public async Task Sends_the_api_key_header_on_every_call_and_never_puts_it_in_errors()
    {
        const string Secret = "s3cret-key-value";
        var options = _server.Options(o => o.ApiKeyEnv = "QDRANT_TEST_KEY");
        using var connection = new QdrantConnection(options, getEnvironmentVariable: n => n == "QDRANT_TEST_KEY" ? Secret : null);
        var store = new QdrantKnowledgeStore(connection.Client, options);
        _server.State.Fault = (method, _, _) => method == "Create" ? new Status(StatusCode.PermissionDenied, "Forbidden: invalid api key") : null;

        var ex = await Assert.ThrowsAsync<QdrantException>(() => store.InitializeAsync(Ct));

        Assert.All(_server.State.Calls, c => Assert.Equal(Secret, c.ApiKey));
        Assert.DoesNotContain(Secret, ex.Message);
        Assert.Contains("Forbidden: invalid api key", ex.Message);
        Assert.Contains("Qdrant:ApiKeyEnv", ex.Message);
    }

    [Fact]
    public async Task Omits_the_api_key_without_ApiKeyEnv_and_a_missing_key_variable_is_a_clear_error()
    {
        await _store.GetStatsAsync(Ct);
        Assert.All(_server.State.Calls, c => Assert.Null(c.ApiKey));

        var ex = Assert.Throws<InvalidOperationException>(() => new QdrantConnection(_server.Options(o => o.ApiKeyEnv = "QDRANT_TEST_KEY"), getEnvironmentVariable: _ => null));
        Assert.Contains("QDRANT_TEST_KEY", ex.Message);
    }

    [Fact]
    public async Task Retries_while_qdrant_is_unavailable_then_succeeds()
    {
        _server.State.Fault = (method, _, n) => method == "CollectionExists" && n < 2 ? new Status(StatusCode.Unavailable, "starting up") : null;

        await _store.InitializeAsync(Ct);

        Assert.Equal(3, _server.State.Calls.Count(c => c.Method == "CollectionExists" && ((CollectionExistsRequest)c.Request).CollectionName == "kb_documents"));
        Assert.Equal("kb_v1", _server.State.AliasTarget("kb"));
    }

    [Fact]
    public async Task A_server_error_is_one_line_naming_the_endpoint_and_qdrants_message()
    {
        _server.State.Fault = (method, _, _) => method == "Upsert" ? new Status(StatusCode.Internal, "Service internal error:\n disk full") : null;
        var doc = Document();

        var ex = await Assert.ThrowsAsync<QdrantException>(() => _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 1), Vectors(1), Ct));

        Assert.Equal(StatusCode.Internal, ex.Status);
        Assert.Equal($"Qdrant Upsert at {_server.Address} failed (Internal): Service internal error: disk full", ex.Message);
        Assert.Single(_server.State.Calls, c => c.Method == "Upsert"); // not retried: only Unavailable and ResourceExhausted are
    }

    [Fact]
    public async Task An_unreachable_server_is_one_line_naming_the_grpc_address()
    {
        var closed = _server.Address;
        await _server.DisposeAsync();
        _server = await FakeQdrantServer.StartAsync(); // for DisposeAsync; the store still points at the closed port

        var ex = await Assert.ThrowsAsync<QdrantException>(() => _store.GetStatsAsync(Ct));

        Assert.Equal(StatusCode.Unavailable, ex.Status);
        Assert.StartsWith($"Qdrant at {closed} could not be reached over gRPC", ex.Message);
        Assert.Contains("Qdrant:Url", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
