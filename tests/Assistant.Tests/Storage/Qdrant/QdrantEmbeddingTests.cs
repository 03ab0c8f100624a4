using System.Text.Json.Nodes;
using Assistant.Core.Documents;
using Assistant.Core.Ingestion;
using Assistant.Core.Storage;
using Assistant.Core.Storage.Qdrant;
using Assistant.Tests.TestSupport;
using static Assistant.Tests.Storage.Qdrant.QdrantTestData;

namespace Assistant.Tests.Storage.Qdrant;

/// <summary>
/// Embedding-model tracking (collection metadata), GetChunks and re-embedding on Qdrant, end to end against the
/// spec-validating fake, which stores points so that what a reindex leaves behind can be inspected.
/// </summary>
public sealed class QdrantEmbeddingTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly EmbeddingSpace Old = new("test/old-model", 4);
    private static readonly EmbeddingSpace SameSize = new("test/new-model", 4);
    private static readonly EmbeddingSpace Larger = new("test/large-model", 8);

    private readonly FakeQdrantServer _server = new();
    private QdrantOptions _options = null!;
    private QdrantRestClient _client = null!;
    private QdrantKnowledgeStore _store = null!;

    public Task InitializeAsync()
    {
        _options = Options(o =>
        {
            o.Url = _server.BaseAddress.ToString();
            o.Dimensions = null; // the model decides, as in the CLI
            o.UpsertBatchSize = 100;
        });
        _client = new QdrantRestClient(new HttpClient(), _options, delay: (_, _) => Task.CompletedTask);
        _store = new QdrantKnowledgeStore(_client, _options);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _server.AssertNoViolations();
        await _server.DisposeAsync();
    }

    // ---- model tracking ----

    [Fact]
    public async Task SetEmbeddingSpace_creates_the_chunk_collection_with_the_model_in_its_metadata()
    {
        await _store.SetEmbeddingSpaceAsync(Old, Ct);

        var created = _server.CreateBody("kb");
        Assert.Equal(4, created["vectors"]!["dense"]!["size"]!.GetValue<int>());
        Assert.Equal("test/old-model", created["metadata"]!["embedding_model"]!.GetValue<string>());
        Assert.Equal(4, created["metadata"]!["embedding_dimensions"]!.GetValue<int>());
        Assert.Equal(new EmbeddingState(Old, 0, 0, null), await _store.GetEmbeddingStateAsync(Ct));
    }

    [Fact]
    public async Task SetEmbeddingSpace_patches_the_metadata_of_a_collection_with_the_right_size()
    {
        _options.Dimensions = 4;
        await _store.InitializeAsync(Ct);
        Assert.Null(_server.Metadata("kb"));

        await _store.SetEmbeddingSpaceAsync(Old, Ct);

        var patch = FakeQdrantServer.ParseBody(_server.Requests.Single(r => r is { Method: "PATCH", Path: "/collections/kb" }));
        Assert.Equal("test/old-model", patch["metadata"]!["embedding_model"]!.GetValue<string>());
        Assert.Equal("{\"embedding_model\":\"test/old-model\",\"embedding_dimensions\":4}", _server.Metadata("kb")!.ToJsonString());
        Assert.Single(_server.Requests, r => r is { Method: "PUT", Path: "/collections/kb" });
    }

    [Fact]
    public async Task SetEmbeddingSpace_recreates_an_empty_keyword_only_collection_with_the_dense_vector()
    {
        var doc = Document();
        await _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 2), null, Ct); // creates kb without a dense vector
        await _store.DeleteDocumentAsync(doc.Id, Ct);
        Assert.Null(_server.CreateBody("kb")["vectors"]!["dense"]);

        await _store.SetEmbeddingSpaceAsync(Old, Ct);

        Assert.Single(_server.Requests, r => r is { Method: "DELETE", Path: "/collections/kb" });
        Assert.Equal(4, _server.CreateBody("kb")["vectors"]!["dense"]!["size"]!.GetValue<int>());
        Assert.Equal("idf", _server.CreateBody("kb")["sparse_vectors"]!["bm25"]!["modifier"]!.GetValue<string>());
        Assert.Equal(Old, (await _store.GetEmbeddingStateAsync(Ct)).Space);

        // The recreated collection takes vectors of the recorded size.
        await _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 2), Vectors(2), Ct);
        Assert.Equal(new EmbeddingState(Old, 2, 2, null), await _store.GetEmbeddingStateAsync(Ct));
    }

    [Fact]
    public async Task SetEmbeddingSpace_refuses_to_drop_chunks_stored_without_a_fitting_dense_vector()
    {
        var doc = Document();
        await _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 2), null, Ct);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.SetEmbeddingSpaceAsync(Old, Ct));

        Assert.Contains("'kb' holds 2 chunks with no dense vectors", ex.Message);
        Assert.Contains("assistant reindex", ex.Message);
        Assert.Equal(2, _server.Points("kb").Count);
        Assert.DoesNotContain(_server.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task State_of_an_empty_store_is_empty()
    {
        Assert.Equal(EmbeddingState.Empty, await _store.GetEmbeddingStateAsync(Ct));
        await _store.InitializeAsync(Ct);
        Assert.Equal(EmbeddingState.Empty, await _store.GetEmbeddingStateAsync(Ct));
    }

    [Fact]
    public async Task State_of_a_keyword_only_store_counts_chunks_without_vectors()
    {
        var doc = Document();
        await _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 3), null, Ct);

        Assert.Equal(new EmbeddingState(null, 3, 0, null), await _store.GetEmbeddingStateAsync(Ct));
    }

    [Fact]
    public async Task State_reports_the_recorded_model_and_counts_vectors()
    {
        await _store.SetEmbeddingSpaceAsync(Old, Ct);
        var doc = Document();
        await _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 3), Vectors(3), Ct);

        Assert.Equal(new EmbeddingState(Old, 3, 3, null), await _store.GetEmbeddingStateAsync(Ct));
        Assert.Equal("test/old-model", (await _store.GetStatsAsync(Ct)).EmbeddingModel);
    }

    [Fact]
    public async Task State_of_vectors_without_recorded_model_is_the_unrecorded_model_with_their_size()
    {
        _options.Dimensions = 4;
        await _store.InitializeAsync(Ct); // as an index written before the model was recorded
        var doc = Document();
        await _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 2), Vectors(2), Ct);

        Assert.Equal(new EmbeddingState(new EmbeddingSpace(EmbeddingSpace.UnrecordedModel, 4), 2, 2, null), await _store.GetEmbeddingStateAsync(Ct));
    }

    [Fact]
    public async Task State_is_cached_until_the_store_writes()
    {
        await _store.SetEmbeddingSpaceAsync(Old, Ct);
        var first = await _store.GetEmbeddingStateAsync(Ct);
        var requests = _server.Requests.Count;

        Assert.Same(first, await _store.GetEmbeddingStateAsync(Ct));
        Assert.Equal(requests, _server.Requests.Count);

        var doc = Document();
        await _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 2), Vectors(2), Ct);
        Assert.Equal(2, (await _store.GetEmbeddingStateAsync(Ct)).ChunksWithVectors);
        await _store.DeleteDocumentAsync(doc.Id, Ct);
        Assert.Equal(0, (await _store.GetEmbeddingStateAsync(Ct)).Chunks);
    }

    // ---- GetChunks ----

    [Fact]
    public async Task GetChunks_returns_every_chunk_exactly_as_stored_in_index_order_across_scroll_pages()
    {
        var doc = Document();
        var chunks = Enumerable.Range(0, 300)
            .Select(i => new Chunk(doc.Id, i, $"Passage {i}", i % 3 == 0 ? [] : ["Guide", "Part > " + i], i % 2 == 0 ? null : i, i * 100, i * 100 + 42, i + 7))
            .ToList();
        await _store.UpsertDocumentAsync(doc, chunks, null, Ct);
        var other = Document("doc-2", "docs/other.md");
        await _store.UpsertDocumentAsync(other, Chunks(other.Id, 2), null, Ct);

        var read = await _store.GetChunksAsync(doc.Id, Ct);

        Assert.Equal(chunks.Select(Shape), read.Select(Shape));
        Assert.True(_server.Requests.Count(r => r.Path == "/collections/kb/points/scroll") >= 2, "300 chunks should take more than one scroll page");
        Assert.All(
            _server.Requests.Where(r => r.Path == "/collections/kb/points/scroll").Select(FakeQdrantServer.ParseBody),
            b => Assert.Equal("doc-1", b["filter"]!["must"]![0]!["match"]!["value"]!.GetValue<string>()));
    }

    [Fact]
    public async Task GetChunks_reads_points_written_before_section_path_and_offsets_were_stored()
    {
        var doc = Document();
        await _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 1), null, Ct);
        var legacy = QdrantPayloads.ChunkPoint(doc, Chunks(doc.Id, 2)[1], null, _options);
        var payload = legacy["payload"]!.AsObject();
        foreach (var field in new[] { "section_path", "start_offset", "end_offset", "tokens" })
        {
            payload.Remove(field);
        }

        await _client.UpsertAsync("kb", [legacy], Ct);

        var read = await _store.GetChunksAsync(doc.Id, Ct);

        Assert.Equal(2, read.Count);
        Assert.Equal((1, "Chunk 1 about the 모델 benchmark", "Guide|Part 1", (int?)2, 0, 0, 0), Shape(read[1]));
    }

    [Fact]
    public async Task GetChunks_of_an_unknown_document_or_store_is_empty()
    {
        Assert.Empty(await _store.GetChunksAsync("missing", Ct));
        var doc = Document();
        await _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 2), null, Ct);
        Assert.Empty(await _store.GetChunksAsync("missing", Ct));
    }

    // ---- reembed ----

    [Fact]
    public async Task Reembed_to_a_model_of_the_same_size_replaces_every_vector_and_keeps_payload_and_sparse_vectors()
    {
        await SeedAsync(Old);
        var before = LivePointsById();
        var embedder = new RecordingEmbedder(SameSize.Dimensions);
        var progress = new ProgressRecorder();

        await _store.ReembedAsync(SameSize, embedder.Embed, 2, progress, Ct);

        await AssertReembedded(SameSize, before);
        Assert.Equal(6, embedder.Texts.Count);
        Assert.Contains("Guide > Part 1\nChunk 1 about the 모델 benchmark in doc-2", embedder.Texts);
        Assert.Equal(new ReembedProgress(0, 6), progress.Reports[0]);
        Assert.Equal(new ReembedProgress(6, 6), progress.Reports[^1]);
        Assert.Equal([2, 4, 6], progress.Reports.Skip(1).Select(r => r.Done));
    }

    [Fact]
    public async Task Reembed_to_a_model_of_another_size_recreates_the_live_collection_with_that_size()
    {
        await SeedAsync(Old);
        var before = LivePointsById();
        var embedder = new RecordingEmbedder(Larger.Dimensions);

        await _store.ReembedAsync(Larger, embedder.Embed, 4, null, Ct);

        await AssertReembedded(Larger, before);
        var created = _server.CreateBody("kb");
        Assert.Equal(8, created["vectors"]!["dense"]!["size"]!.GetValue<int>());
        Assert.Equal("idf", created["sparse_vectors"]!["bm25"]!["modifier"]!.GetValue<string>());
        Assert.Equal(2 * 6, _server.Requests.Count(r => r is { Method: "PUT", Path: "/collections/kb/index" })); // created twice, six payload indexes each

        // The swapped-in collection keeps working for writes of the new size.
        var doc = Document("doc-3", "docs/c.md");
        await _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 1), Vectors(1, 8), Ct);
        Assert.Equal(new EmbeddingState(Larger, 7, 7, null), await _store.GetEmbeddingStateAsync(Ct));
    }

    [Fact]
    public async Task Reembed_interrupted_by_an_embedding_failure_resumes_with_only_the_rest()
    {
        await SeedAsync(Old);
        var before = LivePointsById();
        var failing = new RecordingEmbedder(Larger.Dimensions) { FailOnCall = 3 };

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => _store.ReembedAsync(Larger, failing.Embed, 2, null, Ct));
        Assert.Contains("model server went away", error.Message);

        // Search still has the old vectors; the state names the unfinished target.
        Assert.Equal(new EmbeddingState(Old, 6, 6, Larger), await _store.GetEmbeddingStateAsync(Ct));
        Assert.Equal(4, _server.Points("kb__reindex").Count);
        Assert.Equal("building", _server.Metadata("kb__reindex")!["state"]!.GetValue<string>());
        Assert.Equal(4, _server.CreateBody("kb")["vectors"]!["dense"]!["size"]!.GetValue<int>());

        var resumed = new RecordingEmbedder(Larger.Dimensions);
        await _store.ReembedAsync(Larger, resumed.Embed, 2, null, Ct);

        Assert.Equal(2, resumed.Texts.Count);
        Assert.Equal(6, resumed.Texts.Concat(failing.Texts).Distinct().Count()); // the two runs together embedded each chunk once
        await AssertReembedded(Larger, before);
    }

    [Fact]
    public async Task Reembed_resumes_chunks_changed_or_deleted_since_the_interrupted_run()
    {
        await SeedAsync(Old);
        var failing = new RecordingEmbedder(Larger.Dimensions) { FailOnCall = 3 };
        await Assert.ThrowsAsync<HttpRequestException>(() => _store.ReembedAsync(Larger, failing.Embed, 2, null, Ct));
        Assert.Equal(4, _server.Points("kb__reindex").Count);

        // Meanwhile (with the old model still configured) one document is rewritten and the other deleted.
        var rewritten = Document("doc-1", hash: "hash-changed");
        var newChunks = Enumerable.Range(0, 3).Select(i => new Chunk("doc-1", i, $"Rewritten passage {i}", ["New"], null, i, i + 1, 1)).ToList();
        await _store.UpsertDocumentAsync(rewritten, newChunks, Vectors(3), Ct);
        await _store.DeleteDocumentAsync("doc-2", Ct);

        var resumed = new RecordingEmbedder(Larger.Dimensions);
        await _store.ReembedAsync(Larger, resumed.Embed, 2, null, Ct);

        Assert.Equal(["New\nRewritten passage 0", "New\nRewritten passage 1", "New\nRewritten passage 2"], resumed.Texts.Order());
        var live = _server.Points("kb");
        Assert.Equal(3, live.Count);
        Assert.All(live, p => Assert.Equal("doc-1", p["payload"]!["document_id"]!.GetValue<string>()));
        Assert.Equal(["Rewritten passage 0", "Rewritten passage 1", "Rewritten passage 2"], (await _store.GetChunksAsync("doc-1", Ct)).Select(c => c.Text));
        Assert.All(live, p => Assert.Equal(RecordingEmbedder.VectorOf(EmbeddingTextOf(p), 8), DenseOf(p)));
        Assert.DoesNotContain("kb__reindex", _server.CollectionNames);
    }

    [Fact]
    public async Task Reembed_interrupted_during_the_swap_finishes_the_swap_without_embedding_again()
    {
        await SeedAsync(Old);
        var before = LivePointsById();
        var failCopy = true;
        _server.Script = (r, _) => failCopy && r is { Method: "PUT", Path: "/collections/kb/points" } ? (500, FakeQdrantServer.Error("Service internal error: disk full")) : null;

        await Assert.ThrowsAsync<QdrantException>(() => _store.ReembedAsync(Larger, new RecordingEmbedder(Larger.Dimensions).Embed, 4, null, Ct));

        // Stopped after the live collection was recreated empty: staging is complete and marked ready.
        Assert.Equal("ready", _server.Metadata("kb__reindex")!["state"]!.GetValue<string>());
        Assert.Equal(6, _server.Points("kb__reindex").Count);
        Assert.Empty(_server.Points("kb"));
        Assert.Equal(Larger, (await _store.GetEmbeddingStateAsync(Ct)).PendingReindex);

        failCopy = false;
        var second = new RecordingEmbedder(Larger.Dimensions) { FailOnCall = 1 };
        await _store.ReembedAsync(Larger, second.Embed, 4, null, Ct);

        Assert.Empty(second.Texts);
        await AssertReembedded(Larger, before);
    }

    [Fact]
    public async Task The_reindex_command_finishes_a_swap_that_left_the_live_collection_empty()
    {
        await SeedAsync(Old);
        var before = LivePointsById();
        using var modelB = new HashingEmbeddingGenerator(dimensions: 8, modelId: "model-b");
        var target = new EmbeddingSpace("hashing-test/model-b", 8);
        var failCopy = true;
        _server.Script = (r, _) => failCopy && r is { Method: "PUT", Path: "/collections/kb/points" } ? (500, FakeQdrantServer.Error("Service internal error: disk full")) : null;
        await Assert.ThrowsAsync<QdrantException>(() => _store.ReembedAsync(target, Embed(modelB), 4, null, Ct));
        Assert.Equal(new EmbeddingState(target, 0, 0, target), await _store.GetEmbeddingStateAsync(Ct));
        failCopy = false;

        var report = await new EmbeddingReindexer(_store, new IngestionOptions(), modelB).ReindexAsync(new ReindexRequest(), null, Ct);

        Assert.Equal(ReindexOutcome.Reembedded, report.Outcome);
        Assert.Equal(6, _server.Points("kb").Count);
        Assert.Equal(before.Keys.Order(), _server.Points("kb").Select(Id).Order());
        Assert.Equal(new EmbeddingState(target, 6, 6, null), await _store.GetEmbeddingStateAsync(Ct));

        static EmbedTexts Embed(HashingEmbeddingGenerator model) => async (texts, ct) =>
            (await model.GenerateAsync(texts, cancellationToken: ct)).Select(e => e.Vector).ToList();
    }

    [Fact]
    public async Task Reembed_to_another_target_discards_a_staging_collection_built_for_an_earlier_one()
    {
        await SeedAsync(Old);
        var before = LivePointsById();
        await Assert.ThrowsAsync<HttpRequestException>(() => _store.ReembedAsync(Larger, new RecordingEmbedder(8) { FailOnCall = 2 }.Embed, 2, null, Ct));
        Assert.Equal(2, _server.Points("kb__reindex").Count);

        var embedder = new RecordingEmbedder(SameSize.Dimensions);
        await _store.ReembedAsync(SameSize, embedder.Embed, 2, null, Ct);

        Assert.Equal(6, embedder.Texts.Count);
        await AssertReembedded(SameSize, before);
    }

    [Fact]
    public async Task Reembed_rejects_vectors_of_the_wrong_size_or_count_naming_the_model()
    {
        await SeedAsync(Old);

        var size = await Assert.ThrowsAsync<EmbeddingMismatchException>(() => _store.ReembedAsync(Larger, new RecordingEmbedder(4).Embed, 2, null, Ct));
        Assert.Contains("test/large-model returned a 4-dimensional vector; the reindex expected 8", size.Message);

        EmbedTexts tooFew = (texts, _) => Task.FromResult<IReadOnlyList<ReadOnlyMemory<float>>>([new float[8]]);
        var count = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.ReembedAsync(Larger, tooFew, 2, null, Ct));
        Assert.Contains("test/large-model returned 1 vectors for 2 texts", count.Message);

        Assert.Equal(4, _server.CreateBody("kb")["vectors"]!["dense"]!["size"]!.GetValue<int>());
        Assert.Equal(6, _server.Points("kb").Count(p => DenseOf(p).Length == 4));
    }

    [Fact]
    public async Task Reembed_to_no_model_drops_every_dense_vector_and_the_recorded_model()
    {
        await SeedAsync(Old);
        var before = LivePointsById();
        _server.AddCollection("kb__reindex", new JsonObject { ["metadata"] = new JsonObject { ["state"] = "building" } });

        await _store.ReembedAsync(null, null, 16, null, Ct);

        var drop = FakeQdrantServer.ParseBody(_server.Requests.Single(r => r.Path == "/collections/kb/points/vectors/delete"));
        Assert.Equal(["dense"], drop["vector"]!.AsArray().Select(v => v!.GetValue<string>()));
        var live = _server.Points("kb");
        Assert.All(live, p => Assert.Null(p["vector"]!["dense"]));
        Assert.All(live, p => Assert.True(JsonNode.DeepEquals(before[Id(p)]["vector"]!["bm25"], p["vector"]!["bm25"])));
        Assert.All(live, p => Assert.True(JsonNode.DeepEquals(before[Id(p)]["payload"], p["payload"])));
        Assert.Equal("{}", _server.Metadata("kb")!.ToJsonString());
        Assert.DoesNotContain("kb__reindex", _server.CollectionNames);
        Assert.Equal(new EmbeddingState(null, 6, 0, null), await _store.GetEmbeddingStateAsync(Ct));
    }

    // ---- helpers ----

    /// <summary>Two documents of three chunks each, embedded with <paramref name="space"/> through the store's own API.</summary>
    private async Task SeedAsync(EmbeddingSpace space)
    {
        await _store.SetEmbeddingSpaceAsync(space, Ct);
        foreach (var (id, source) in new[] { ("doc-1", "docs/a.md"), ("doc-2", "docs/b.md") })
        {
            var doc = Document(id, source, tags: ["ml"]);
            var chunks = Chunks(id, 3).Select(c => c with { Text = $"{c.Text} in {id}" }).ToList();
            await _store.UpsertDocumentAsync(doc, chunks, chunks.Select(c => (ReadOnlyMemory<float>)RecordingEmbedder.VectorOf(c.EmbeddingText, space.Dimensions)).ToList(), Ct);
        }

        Assert.Equal(new EmbeddingState(space, 6, 6, null), await _store.GetEmbeddingStateAsync(Ct));
    }

    private Dictionary<string, JsonObject> LivePointsById() => _server.Points("kb").ToDictionary(Id);

    /// <summary>Live collection of the target's size and model, every point there with a target vector for its own text, payload and sparse vector untouched, staging gone.</summary>
    private async Task AssertReembedded(EmbeddingSpace target, Dictionary<string, JsonObject> before)
    {
        Assert.Equal(target.Dimensions, _server.CreateBody("kb")["vectors"]!["dense"]!["size"]!.GetValue<int>());
        Assert.Equal(target.Model, _server.Metadata("kb")!["embedding_model"]!.GetValue<string>());
        Assert.Equal(target.Dimensions, _server.Metadata("kb")!["embedding_dimensions"]!.GetValue<int>());
        var live = _server.Points("kb");
        Assert.Equal(before.Keys.Order(), live.Select(Id).Order());
        foreach (var point in live)
        {
            var old = before[Id(point)];
            Assert.True(JsonNode.DeepEquals(old["payload"], point["payload"]), "payload changed for " + Id(point));
            Assert.True(JsonNode.DeepEquals(old["vector"]!["bm25"], point["vector"]!["bm25"]), "sparse vector changed for " + Id(point));
            Assert.Equal(RecordingEmbedder.VectorOf(EmbeddingTextOf(point), target.Dimensions), DenseOf(point));
        }

        Assert.DoesNotContain("kb__reindex", _server.CollectionNames);
        Assert.Equal(new EmbeddingState(target, live.Count, live.Count, null), await _store.GetEmbeddingStateAsync(Ct));
    }

    private static string Id(JsonObject point) => point["id"]!.GetValue<string>();

    private static float[] DenseOf(JsonObject point) => point["vector"]!["dense"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();

    private static string EmbeddingTextOf(JsonObject point) =>
        Chunk.EmbeddingTextOf(point["payload"]!["section"]!.GetValue<string>(), point["payload"]!["text"]!.GetValue<string>());

    private static (int, string, string, int?, int, int, int) Shape(Chunk c) =>
        (c.Index, c.Text, string.Join("|", c.SectionPath), c.Page, c.StartOffset, c.EndOffset, c.TokenEstimate);

    /// <summary>A deterministic stand-in for an embedding model that records what it was asked to embed.</summary>
    private sealed class RecordingEmbedder(int dimensions)
    {
        private int _calls;

        public List<string> Texts { get; } = [];

        /// <summary>The 1-based call that throws, as a model server dropping the connection would.</summary>
        public int? FailOnCall { get; init; }

        public Task<IReadOnlyList<ReadOnlyMemory<float>>> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            if (++_calls == FailOnCall)
            {
                throw new HttpRequestException("model server went away");
            }

            Texts.AddRange(texts);
            return Task.FromResult<IReadOnlyList<ReadOnlyMemory<float>>>(texts.Select(t => (ReadOnlyMemory<float>)VectorOf(t, dimensions)).ToList());
        }

        public static float[] VectorOf(string text, int dimensions)
        {
            var seed = text.Aggregate(17, (h, ch) => unchecked((h * 31) + ch));
            return Enumerable.Range(0, dimensions).Select(d => (float)(((seed >> (d % 16)) & 0xFF) + d + 1) / 256f).ToArray();
        }
    }

    private sealed class ProgressRecorder : IProgress<ReembedProgress>
    {
        public List<ReembedProgress> Reports { get; } = [];

        public void Report(ReembedProgress value) => Reports.Add(value);
    }
}
