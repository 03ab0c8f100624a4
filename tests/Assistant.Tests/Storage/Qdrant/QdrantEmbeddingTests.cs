using Assistant.Core.Documents;
using Assistant.Core.Ingestion;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage;
using Assistant.Core.Storage.Qdrant;
using Assistant.Tests.TestSupport;
using Grpc.Core;
using Qdrant.Client.Grpc;
using static Assistant.Tests.Storage.Qdrant.QdrantTestData;

namespace Assistant.Tests.Storage.Qdrant;

/// <summary>
/// Embedding-model tracking (collection metadata), GetChunks and the alias-switching reindex, end to end against the
/// fake gRPC server, which keeps points so that what a reindex leaves behind can be inspected.
/// </summary>
public sealed class QdrantEmbeddingTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly EmbeddingSpace Old = new("test/old-model", 4);
    private static readonly EmbeddingSpace SameSize = new("test/new-model", 4);
    private static readonly EmbeddingSpace Larger = new("test/large-model", 8);

    private FakeQdrantServer _server = null!;
    private QdrantOptions _options = null!;
    private QdrantConnection _connection = null!;
    private QdrantKnowledgeStore _store = null!;

    private FakeQdrantState State => _server.State;

    public async Task InitializeAsync()
    {
        _server = await FakeQdrantServer.StartAsync();
        _options = _server.Options(o => o.UpsertBatchSize = 100); // Dimensions null: the model decides, as in the CLI
        _connection = new QdrantConnection(_options);
        _store = new QdrantKnowledgeStore(_connection.Client, _options);
    }

    public async Task DisposeAsync()
    {
        _connection.Dispose();
        await _server.DisposeAsync();
    }

    // ---- model tracking ----

    [Fact]
    public async Task SetEmbeddingSpace_creates_the_first_version_with_the_model_in_its_metadata_behind_the_alias()
    {
        await _store.SetEmbeddingSpaceAsync(Old, Ct);

        var created = State.CreateRequest("kb_v1");
        Assert.Equal(4ul, created.VectorsConfig.ParamsMap.Map["dense"].Size);
        Assert.Equal(("test/old-model", 4L), (created.Metadata["embedding_model"].StringValue, created.Metadata["embedding_dimensions"].IntegerValue));
        Assert.Equal("kb_v1", State.AliasTarget("kb"));
        Assert.Equal(new EmbeddingState(Old, 0, 0, null), await _store.GetEmbeddingStateAsync(Ct));
    }

    [Fact]
    public async Task SetEmbeddingSpace_updates_the_metadata_of_a_live_version_with_the_right_size()
    {
        _options.Dimensions = 4;
        await _store.InitializeAsync(Ct);
        Assert.Empty(State.Metadata("kb_v1"));

        await _store.SetEmbeddingSpaceAsync(Old, Ct);

        var update = State.Requests<UpdateCollection>().Single();
        Assert.Equal("kb_v1", update.CollectionName);
        Assert.Equal("test/old-model", State.Metadata("kb_v1")["embedding_model"].StringValue);
        Assert.Equal(2, State.Requests<CreateCollection>().Count); // documents + kb_v1, nothing recreated
    }

    [Fact]
    public async Task SetEmbeddingSpace_replaces_an_empty_keyword_only_version_through_the_alias()
    {
        var doc = Document();
        await _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 2), null, Ct); // creates kb_v1 without a dense vector
        await _store.DeleteDocumentAsync(doc.Id, Ct);
        Assert.Empty(State.CreateRequest("kb_v1").VectorsConfig.ParamsMap.Map);

        await _store.SetEmbeddingSpaceAsync(Old, Ct);

        Assert.Equal("kb_v2", State.AliasTarget("kb"));
        Assert.DoesNotContain("kb_v1", State.CollectionNames);
        Assert.Equal(4ul, State.CreateRequest("kb_v2").VectorsConfig.ParamsMap.Map["dense"].Size);
        Assert.Equal(Modifier.Idf, State.CreateRequest("kb_v2").SparseVectorsConfig.Map["bm25"].Modifier);
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
        Assert.Equal(2, State.Points("kb").Count);
        Assert.Empty(State.Requests<DeleteCollection>());
    }

    [Fact]
    public async Task State_of_an_empty_store_is_empty_and_of_a_keyword_only_store_counts_chunks()
    {
        Assert.Equal(EmbeddingState.Empty, await _store.GetEmbeddingStateAsync(Ct));
        await _store.InitializeAsync(Ct);
        Assert.Equal(EmbeddingState.Empty, await _store.GetEmbeddingStateAsync(Ct));

        var doc = Document();
        await _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 3), null, Ct);
        Assert.Equal(new EmbeddingState(null, 3, 0, null), await _store.GetEmbeddingStateAsync(Ct));
    }

    [Fact]
    public async Task State_of_vectors_without_recorded_model_is_the_unrecorded_model_with_their_size()
    {
        _options.Dimensions = 4;
        await _store.InitializeAsync(Ct);
        var doc = Document();
        await _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 2), Vectors(2), Ct);

        Assert.Equal(new EmbeddingState(new EmbeddingSpace(EmbeddingSpace.UnrecordedModel, 4), 2, 2, null), await _store.GetEmbeddingStateAsync(Ct));
    }

    [Fact]
    public async Task State_is_cached_until_the_store_writes()
    {
        await _store.SetEmbeddingSpaceAsync(Old, Ct);
        var first = await _store.GetEmbeddingStateAsync(Ct);
        var calls = State.Calls.Count;

        Assert.Same(first, await _store.GetEmbeddingStateAsync(Ct));
        Assert.Equal(calls, State.Calls.Count);

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
        var scrolls = State.Requests<ScrollPoints>().Where(s => s.CollectionName == "kb").ToList();
        Assert.True(scrolls.Count >= 2, "300 chunks should take more than one scroll page");
        Assert.All(scrolls, s => Assert.Equal("doc-1", s.Filter.Must[0].Field.Match.Keyword));
    }

    [Fact]
    public async Task GetChunks_reads_points_written_before_section_path_and_offsets_were_stored()
    {
        var doc = Document();
        await _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 1), null, Ct);
        var legacy = QdrantPayloads.ChunkPoint(doc, Chunks(doc.Id, 2)[1], null, _options);
        foreach (var field in new[] { "section_path", "start_offset", "end_offset", "tokens" })
        {
            legacy.Payload.Remove(field);
        }

        await _connection.Client.UpsertAsync("kb", [legacy]);

        var read = await _store.GetChunksAsync(doc.Id, Ct);

        Assert.Equal(2, read.Count);
        Assert.Equal((1, "Chunk 1 about the 모델 benchmark", "Guide|Part 1", (int?)2, 0, 0, 0), Shape(read[1]));
        Assert.Empty(await _store.GetChunksAsync("missing", Ct));
    }

    // ---- reindex ----

    [Fact]
    public async Task Reembed_to_the_same_size_builds_the_next_version_and_switches_the_alias_in_one_call()
    {
        await SeedAsync(Old);
        var before = LivePoints();
        var embedder = new RecordingEmbedder(SameSize.Dimensions);
        var progress = new ProgressRecorder();

        await _store.ReembedAsync(SameSize, embedder.Embed, 2, progress, Ct);

        await AssertReembedded(SameSize, before, "kb_v2");
        Assert.Equal(6, embedder.Texts.Count);
        Assert.Contains("Guide > Part 1\nChunk 1 about the 모델 benchmark in doc-2", embedder.Texts);
        Assert.Equal(new ReembedProgress(0, 6), progress.Reports[0]);
        Assert.Equal([2, 4, 6], progress.Reports.Skip(1).Select(r => r.Done));

        var switches = State.Requests<ChangeAliases>().Where(c => c.Actions.Count > 1).ToList();
        var change = Assert.Single(switches);
        Assert.Equal(AliasOperations.ActionOneofCase.DeleteAlias, change.Actions[0].ActionCase);
        Assert.Equal("kb", change.Actions[0].DeleteAlias.AliasName);
        Assert.Equal(("kb", "kb_v2"), (change.Actions[1].CreateAlias.AliasName, change.Actions[1].CreateAlias.CollectionName));
        Assert.Equal(2, change.Actions.Count);
    }

    [Fact]
    public async Task Reembed_to_another_size_builds_a_version_of_that_size()
    {
        await SeedAsync(Old);
        var before = LivePoints();

        await _store.ReembedAsync(Larger, new RecordingEmbedder(Larger.Dimensions).Embed, 4, null, Ct);

        await AssertReembedded(Larger, before, "kb_v2");
        Assert.Equal(8ul, State.CreateRequest("kb_v2").VectorsConfig.ParamsMap.Map["dense"].Size);
        Assert.Equal(6, State.Requests<CreateFieldIndexCollection>().Count(r => r.CollectionName == "kb_v2"));

        // The new version takes writes of the new size through the alias.
        var doc = Document("doc-3", "docs/c.md");
        await _store.UpsertDocumentAsync(doc, Chunks(doc.Id, 1), Vectors(1, 8), Ct);
        Assert.Equal(new EmbeddingState(Larger, 7, 7, null), await _store.GetEmbeddingStateAsync(Ct));
    }

    [Fact]
    public async Task Reembed_interrupted_by_an_embedding_failure_keeps_serving_the_old_model_and_resumes_with_only_the_rest()
    {
        await SeedAsync(Old);
        var before = LivePoints();
        var failing = new RecordingEmbedder(Larger.Dimensions) { FailOnCall = 3 };

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => _store.ReembedAsync(Larger, failing.Embed, 2, null, Ct));
        Assert.Contains("model server went away", error.Message);

        Assert.Equal(new EmbeddingState(Old, 6, 6, Larger), await _store.GetEmbeddingStateAsync(Ct));
        Assert.Equal("kb_v1", State.AliasTarget("kb"));
        Assert.Equal(4, State.Points("kb_v2").Count);
        Assert.Equal("building", State.Metadata("kb_v2")["state"].StringValue);
        Assert.DoesNotContain(State.Requests<ChangeAliases>(), c => c.Actions.Count > 1);
        var hit = (await _store.SearchAsync(new SearchQuery("", 1, SearchMode.Dense, Vector: RecordingEmbedder.VectorOf(EmbeddingTextOf(before.Values.First()), 4)), Ct)).Single();
        Assert.Equal(1, hit.Score, 3); // the old model's vectors still answer

        var resumed = new RecordingEmbedder(Larger.Dimensions);
        await _store.ReembedAsync(Larger, resumed.Embed, 2, null, Ct);

        Assert.Equal(2, resumed.Texts.Count);
        Assert.Equal(6, resumed.Texts.Concat(failing.Texts).Distinct().Count()); // each chunk embedded once over both runs
        await AssertReembedded(Larger, before, "kb_v2");
    }

    [Fact]
    public async Task Search_and_ingest_during_a_reindex_use_the_old_model_and_nothing_ingested_is_lost()
    {
        await SeedAsync(Old);
        var during = new List<SearchHit>();
        var embedder = new RecordingEmbedder(Larger.Dimensions)
        {
            OnCall = async call =>
            {
                if (call != 2) return;
                // Half-way through the build: the live name still answers with old-model vectors, and takes new documents.
                during.AddRange(await _store.SearchAsync(new SearchQuery("benchmark", 3, SearchMode.Hybrid, Vector: new float[] { 1, 1, 1, 1 }), Ct));
                var added = Document("doc-3", "docs/c.md");
                await _store.UpsertDocumentAsync(added, Chunks(added.Id, 2), Vectors(2, 4), Ct);
            },
        };
        // Just before the switch, another writer re-ingests a document: the catch-up after the switch must keep it.
        var racer = new QdrantKnowledgeStore(_connection.Client, _options);
        State.Before = async (method, request) =>
        {
            if (method == "UpdateAliases" && request is ChangeAliases { Actions.Count: 2 })
            {
                State.Before = null;
                var late = Document("doc-4", "docs/d.md");
                await racer.UpsertDocumentAsync(late, Chunks(late.Id, 1), Vectors(1, 4), Ct);
            }
        };

        await _store.ReembedAsync(Larger, embedder.Embed, 2, null, Ct);

        Assert.Equal(3, during.Count);
        Assert.Equal(["doc-1", "doc-2", "doc-3", "doc-4"], State.Points("kb").Select(p => p.Payload["document_id"].StringValue).Distinct().Order());
        Assert.Equal(9, State.Points("kb").Count);
        Assert.All(State.Points("kb"), p => Assert.Equal(RecordingEmbedder.VectorOf(EmbeddingTextOf(p), 8), DenseOf(p)));
        Assert.Equal(new EmbeddingState(Larger, 9, 9, null), await _store.GetEmbeddingStateAsync(Ct));
    }

    [Fact]
    public async Task Reembed_resumes_chunks_changed_or_deleted_since_the_interrupted_run()
    {
        await SeedAsync(Old);
        await Assert.ThrowsAsync<HttpRequestException>(() => _store.ReembedAsync(Larger, new RecordingEmbedder(8) { FailOnCall = 3 }.Embed, 2, null, Ct));
        Assert.Equal(4, State.Points("kb_v2").Count);

        // Meanwhile (with the old model still configured) one document is rewritten and the other deleted.
        var newChunks = Enumerable.Range(0, 3).Select(i => new Chunk("doc-1", i, $"Rewritten passage {i}", ["New"], null, i, i + 1, 1)).ToList();
        await _store.UpsertDocumentAsync(Document("doc-1", hash: "hash-changed"), newChunks, Vectors(3), Ct);
        await _store.DeleteDocumentAsync("doc-2", Ct);

        var resumed = new RecordingEmbedder(Larger.Dimensions);
        await _store.ReembedAsync(Larger, resumed.Embed, 2, null, Ct);

        Assert.Equal(["New\nRewritten passage 0", "New\nRewritten passage 1", "New\nRewritten passage 2"], resumed.Texts.Order());
        var live = State.Points("kb");
        Assert.Equal(3, live.Count);
        Assert.All(live, p => Assert.Equal("doc-1", p.Payload["document_id"].StringValue));
        Assert.All(live, p => Assert.Equal(RecordingEmbedder.VectorOf(EmbeddingTextOf(p), 8), DenseOf(p)));
        Assert.Equal(["kb_documents", "kb_v2"], State.CollectionNames);
    }

    [Fact]
    public async Task Reembed_to_another_target_discards_a_version_built_for_an_earlier_one()
    {
        await SeedAsync(Old);
        var before = LivePoints();
        await Assert.ThrowsAsync<HttpRequestException>(() => _store.ReembedAsync(Larger, new RecordingEmbedder(8) { FailOnCall = 2 }.Embed, 2, null, Ct));
        Assert.Equal(2, State.Points("kb_v2").Count);

        var embedder = new RecordingEmbedder(SameSize.Dimensions);
        await _store.ReembedAsync(SameSize, embedder.Embed, 2, null, Ct);

        Assert.Equal(6, embedder.Texts.Count);
        await AssertReembedded(SameSize, before, "kb_v2");
    }

    [Fact]
    public async Task A_run_stopped_after_the_switch_leaves_the_new_version_live_and_the_next_run_drops_the_old_one()
    {
        await SeedAsync(Old);
        State.Fault = (method, request, _) => method == "Delete" && request is DeleteCollection { CollectionName: "kb_v1" } ? new Status(StatusCode.Unavailable, "gone") : null;
        await Assert.ThrowsAsync<QdrantException>(() => _store.ReembedAsync(Larger, new RecordingEmbedder(8).Embed, 4, null, Ct));
        State.Fault = null;

        Assert.Equal("kb_v2", State.AliasTarget("kb"));
        Assert.Equal(new EmbeddingState(Larger, 6, 6, null), await _store.GetEmbeddingStateAsync(Ct));

        await _store.ReembedAsync(SameSize, new RecordingEmbedder(4).Embed, 4, null, Ct);
        Assert.Equal(["kb_documents", "kb_v3"], State.CollectionNames);
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

        Assert.Equal("kb_v1", State.AliasTarget("kb"));
        Assert.Equal(6, State.Points("kb").Count(p => DenseOf(p).Length == 4));
    }

    [Fact]
    public async Task Reembed_to_no_model_drops_every_dense_vector_the_recorded_model_and_an_unfinished_version()
    {
        await SeedAsync(Old);
        var before = LivePoints();
        await Assert.ThrowsAsync<HttpRequestException>(() => _store.ReembedAsync(Larger, new RecordingEmbedder(8) { FailOnCall = 2 }.Embed, 2, null, Ct));

        await _store.ReembedAsync(null, null, 16, null, Ct);

        var drop = State.Requests<DeletePointVectors>().Single();
        Assert.Equal(["dense"], drop.Vectors.Names);
        var live = State.Points("kb");
        Assert.All(live, p => Assert.Equal(["bm25"], p.Vectors.Vectors_.Vectors.Keys));
        Assert.All(live, p => Assert.Equal(before[Key(p)].Payload, p.Payload));
        Assert.All(live, p => Assert.Equal(before[Key(p)].Vectors.Vectors_.Vectors["bm25"], p.Vectors.Vectors_.Vectors["bm25"]));
        Assert.Empty(State.Metadata("kb_v1"));
        Assert.DoesNotContain("kb_v2", State.CollectionNames);
        Assert.Equal(new EmbeddingState(null, 6, 0, null), await _store.GetEmbeddingStateAsync(Ct));
    }

    [Fact]
    public async Task The_reindex_command_switches_a_qdrant_index_to_the_new_model()
    {
        await SeedAsync(Old);
        using var modelB = new HashingEmbeddingGenerator(dimensions: 8, modelId: "model-b");

        var report = await new EmbeddingReindexer(_store, new IngestionOptions(), modelB).ReindexAsync(new ReindexRequest(), null, Ct);

        Assert.Equal(ReindexOutcome.Reembedded, report.Outcome);
        Assert.Equal(new EmbeddingState(new EmbeddingSpace("hashing-test/model-b", 8), 6, 6, null), await _store.GetEmbeddingStateAsync(Ct));
        Assert.Equal("kb_v2", State.AliasTarget("kb"));
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

    private Dictionary<string, PointStruct> LivePoints() => State.Points("kb").ToDictionary(Key);

    /// <summary>The alias on <paramref name="version"/> with the target's size and model, every point there with a target vector for its own text, payload and sparse vector untouched, the old version gone.</summary>
    private async Task AssertReembedded(EmbeddingSpace target, Dictionary<string, PointStruct> before, string version)
    {
        Assert.Equal(version, State.AliasTarget("kb"));
        Assert.Equal(["kb_documents", version], State.CollectionNames);
        Assert.Equal((ulong)target.Dimensions, State.CreateRequest(version).VectorsConfig.ParamsMap.Map["dense"].Size);
        Assert.Equal(target.Model, State.Metadata(version)["embedding_model"].StringValue);
        Assert.Equal(target.Dimensions, State.Metadata(version)["embedding_dimensions"].IntegerValue);
        var live = State.Points("kb");
        Assert.Equal(before.Keys.Order(), live.Select(Key).Order());
        foreach (var point in live)
        {
            var old = before[Key(point)];
            Assert.Equal(old.Payload, point.Payload);
            Assert.Equal(old.Vectors.Vectors_.Vectors["bm25"], point.Vectors.Vectors_.Vectors["bm25"]);
            Assert.Equal(RecordingEmbedder.VectorOf(EmbeddingTextOf(point), target.Dimensions), DenseOf(point));
        }

        Assert.Equal(new EmbeddingState(target, live.Count, live.Count, null), await _store.GetEmbeddingStateAsync(Ct));
    }

    private static string Key(PointStruct point) => point.Id.Uuid;

    private static float[] DenseOf(PointStruct point) => point.Vectors.Vectors_.Vectors["dense"].Dense.Data.ToArray();

    private static string EmbeddingTextOf(PointStruct point) => Chunk.EmbeddingTextOf(point.Payload["section"].StringValue, point.Payload["text"].StringValue);

    private static (int, string, string, int?, int, int, int) Shape(Chunk c) =>
        (c.Index, c.Text, string.Join("|", c.SectionPath), c.Page, c.StartOffset, c.EndOffset, c.Tokens);

    /// <summary>A deterministic stand-in for an embedding model that records what it was asked to embed.</summary>
    private sealed class RecordingEmbedder(int dimensions)
    {
        private int _calls;

        public List<string> Texts { get; } = [];

        /// <summary>The 1-based call that throws, as a model server dropping the connection would.</summary>
        public int? FailOnCall { get; init; }

        /// <summary>Runs at the start of each call (1-based), e.g. to use the store while the reindex waits on the model.</summary>
        public Func<int, Task>? OnCall { get; init; }

        public async Task<IReadOnlyList<ReadOnlyMemory<float>>> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            var call = ++_calls;
            if (OnCall is not null)
            {
                await OnCall(call);
            }

            if (call == FailOnCall)
            {
                throw new HttpRequestException("model server went away");
            }

            Texts.AddRange(texts);
            return texts.Select(t => (ReadOnlyMemory<float>)VectorOf(t, dimensions)).ToList();
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
