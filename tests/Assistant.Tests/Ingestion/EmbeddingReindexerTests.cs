using Assistant.Core.Ingestion;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage;
using Assistant.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace Assistant.Tests.Ingestion;

/// <summary>
/// Changing the embedding model, end to end on a real SQLite index: ingest and search refuse to mix models and
/// name `assistant reindex`; the reindexer re-embeds from the stored text and can be interrupted and resumed.
/// </summary>
public sealed class EmbeddingReindexerTests : IDisposable
{
    private readonly TestKnowledgeBase _kb = new();
    private readonly HashingEmbeddingGenerator _modelA = new(dimensions: 64, modelId: "model-a");
    private readonly HashingEmbeddingGenerator _modelB = new(dimensions: 96, modelId: "model-b");

    public EmbeddingReindexerTests()
    {
        _kb.Dir.Write("docs/refunds.md", "# Refunds\n\nCustomers may return a product within 30 days for a full refund.\n\n# Shipping\n\nOrders ship within two business days.\n");
        _kb.Dir.Write("docs/보안.md", "# 보안 정책\n\n비밀번호는 90일마다 변경해야 합니다.\n");
    }

    public void Dispose()
    {
        _modelA.Dispose();
        _modelB.Dispose();
        _kb.Dispose();
    }

    private string Docs => _kb.Dir.Combine("docs");

    private EmbeddingReindexer Reindexer(HashingEmbeddingGenerator? model) => new(_kb.Store, _kb.Options, model);

    [Fact]
    public async Task The_first_ingest_with_embeddings_records_the_model()
    {
        await _kb.PipelineWith(_modelA).IngestAsync(new IngestRequest([Docs]), null, default);

        var state = await _kb.Store.GetEmbeddingStateAsync(default);

        Assert.Equal(new EmbeddingSpace("hashing-test/model-a", 64), state.Space);
        Assert.True(state.Chunks > 0);
        Assert.Equal(state.Chunks, state.ChunksWithVectors);
    }

    [Fact]
    public async Task Searching_or_ingesting_with_another_model_fails_naming_reindex_and_reindex_fixes_it()
    {
        await _kb.PipelineWith(_modelA).IngestAsync(new IngestRequest([Docs]), null, default);
        var retrieverB = new KnowledgeRetriever(_kb.Store, _modelB);
        _kb.Dir.Write("docs/new.md", "# New\n\nA new document about refunds.\n");

        var search = await Assert.ThrowsAsync<EmbeddingMismatchException>(() => retrieverB.SearchAsync("refund", 3));
        var ingest = await Assert.ThrowsAsync<EmbeddingMismatchException>(() => _kb.PipelineWith(_modelB).IngestAsync(new IngestRequest([Docs]), null, default));

        Assert.Contains("hashing-test/model-a (64 dimensions)", search.Message);
        Assert.Contains("hashing-test/model-b (96 dimensions)", search.Message);
        Assert.Contains("assistant reindex", search.Message);
        Assert.Contains("assistant reindex", ingest.Message);
        Assert.Null(await _kb.Store.FindBySourceAsync(_kb.Dir.Combine("docs", "new.md"), default));

        var report = await Reindexer(_modelB).ReindexAsync(new ReindexRequest(), null, default);

        Assert.Equal(ReindexOutcome.Reembedded, report.Outcome);
        Assert.Equal(new EmbeddingSpace("hashing-test/model-a", 64), report.Previous);
        Assert.Equal(new EmbeddingSpace("hashing-test/model-b", 96), report.Current);
        Assert.Equal(2, report.Documents);
        var hits = await retrieverB.SearchAsync("refund", 3, SearchMode.Dense);
        Assert.Contains("refund", hits[0].Text, StringComparison.Ordinal);
        await _kb.PipelineWith(_modelB).IngestAsync(new IngestRequest([Docs]), null, default);
        Assert.NotNull(await _kb.Store.FindBySourceAsync(_kb.Dir.Combine("docs", "new.md"), default));
        await Assert.ThrowsAsync<EmbeddingMismatchException>(() => new KnowledgeRetriever(_kb.Store, _modelA).SearchAsync("refund", 3));
    }

    [Fact]
    public async Task Reindex_vectors_equal_what_a_fresh_ingest_with_the_new_model_stores()
    {
        await _kb.PipelineWith(_modelA).IngestAsync(new IngestRequest([Docs]), null, default);
        await Reindexer(_modelB).ReindexAsync(new ReindexRequest(), null, default);
        var reindexed = Vectors(_kb.Store.DatabasePath);

        using var fresh = new TestKnowledgeBase();
        fresh.Dir.Write("docs/refunds.md", File.ReadAllText(_kb.Dir.Combine("docs", "refunds.md")));
        fresh.Dir.Write("docs/보안.md", File.ReadAllText(_kb.Dir.Combine("docs", "보안.md")));
        await fresh.PipelineWith(_modelB).IngestAsync(new IngestRequest([fresh.Dir.Combine("docs")]), null, default);

        Assert.Equal(Vectors(fresh.Store.DatabasePath), reindexed);

        static List<string> Vectors(string db) => new DbInspector(db)
            .Rows("SELECT c.text, hex(c.embedding) FROM chunks c ORDER BY c.text", r => r.GetString(0) + "=" + r.GetString(1));
    }

    [Fact]
    public async Task An_interrupted_reindex_keeps_the_old_model_working_and_the_next_run_finishes_only_the_rest()
    {
        using var big = new TestKnowledgeBase();
        for (var i = 0; i < 12; i++)
        {
            big.Dir.Write($"docs/d{i}.md", $"# Part {i}\n\nParagraph {i} explains topic number {i} in some detail for testing.\n");
        }

        big.Options.EmbeddingBatchSize = 4;
        await big.PipelineWith(_modelA).IngestAsync(new IngestRequest([big.Dir.Combine("docs")]), null, default);
        var failing = new FailingAfter(_modelB, batches: 2);
        var reindexer = new EmbeddingReindexer(big.Store, big.Options, failing);

        await Assert.ThrowsAsync<HttpRequestException>(() => reindexer.ReindexAsync(new ReindexRequest(), null, default));

        var state = await big.Store.GetEmbeddingStateAsync(default);
        Assert.Equal(new EmbeddingSpace("hashing-test/model-a", 64), state.Space);
        Assert.Equal(new EmbeddingSpace("hashing-test/model-b", 96), state.PendingReindex);
        var oldModelStillWorks = await new KnowledgeRetriever(big.Store, _modelA).SearchAsync("topic number 7", 1, SearchMode.Dense);
        Assert.Contains("topic number 7", Assert.Single(oldModelStillWorks).Text, StringComparison.Ordinal);
        var unfinished = await Assert.ThrowsAsync<EmbeddingMismatchException>(() => new KnowledgeRetriever(big.Store, _modelB).SearchAsync("topic", 1));
        Assert.Contains("has not finished", unfinished.Message);

        var before = _modelB.EmbeddedCount;
        var progress = new List<ReembedProgress>();
        await new EmbeddingReindexer(big.Store, big.Options, _modelB).ReindexAsync(new ReindexRequest(), new SyncProgress(progress), default);

        // 12 chunks; 2 batches of 4 were stored before the failure; the probe costs one text.
        Assert.Equal(12 - 8 + 1, _modelB.EmbeddedCount - before);
        Assert.Equal(new ReembedProgress(8, 12), progress[0]);
        Assert.Equal(new ReembedProgress(12, 12), progress[^1]);
        var done = await big.Store.GetEmbeddingStateAsync(default);
        Assert.Equal(new EmbeddingState(new EmbeddingSpace("hashing-test/model-b", 96), 12, 12, null), done);
    }

    [Fact]
    public async Task Reindex_without_a_model_explains_and_drop_vectors_makes_the_index_keyword_only()
    {
        await _kb.PipelineWith(_modelA).IngestAsync(new IngestRequest([Docs]), null, default);

        var noModel = await Assert.ThrowsAsync<InvalidOperationException>(() => Reindexer(null).ReindexAsync(new ReindexRequest(), null, default));
        Assert.Contains("--drop-vectors", noModel.Message);
        var keywordIngest = await Assert.ThrowsAsync<EmbeddingMismatchException>(() => _kb.PipelineWith(null).IngestAsync(new IngestRequest([Docs]), null, default));
        Assert.Contains("no embedding model is configured", keywordIngest.Message);

        var report = await Reindexer(null).ReindexAsync(new ReindexRequest(DropVectors: true), null, default);

        Assert.Equal(ReindexOutcome.VectorsDropped, report.Outcome);
        Assert.Equal(0, _kb.Db.Scalar("SELECT COUNT(*) FROM chunks WHERE embedding IS NOT NULL"));
        Assert.NotEmpty(await new KnowledgeRetriever(_kb.Store).SearchAsync("refund", 3));
        _kb.Dir.Write("docs/new.md", "# New\n\nAnother note.\n");
        await _kb.PipelineWith(null).IngestAsync(new IngestRequest([Docs]), null, default);
    }

    [Fact]
    public async Task A_keyword_only_index_asks_for_a_reindex_when_a_model_appears_and_an_up_to_date_one_needs_none()
    {
        await _kb.IngestAsync(Docs);

        var ex = await Assert.ThrowsAsync<EmbeddingMismatchException>(() => new KnowledgeRetriever(_kb.Store, _modelA).SearchAsync("refund", 3));
        Assert.Contains("without vectors", ex.Message);

        Assert.Equal(ReindexOutcome.Reembedded, (await Reindexer(_modelA).ReindexAsync(new ReindexRequest(), null, default)).Outcome);
        Assert.Equal(ReindexOutcome.AlreadyCurrent, (await Reindexer(_modelA).ReindexAsync(new ReindexRequest(), null, default)).Outcome);
        Assert.Equal(ReindexOutcome.Reembedded, (await Reindexer(_modelA).ReindexAsync(new ReindexRequest(Force: true), null, default)).Outcome);
        Assert.NotEmpty(await new KnowledgeRetriever(_kb.Store, _modelA).SearchAsync("refund", 3));
    }

    [Fact]
    public async Task A_version_1_index_is_migrated_and_its_unrecorded_vectors_count_as_a_mismatch()
    {
        var path = _kb.Dir.Combine("old", "assistant.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            // Schema 1 as session-1 builds wrote it: no embedding_next column, vectors without a recorded model.
            create.CommandText = """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE documents (id TEXT PRIMARY KEY, source TEXT NOT NULL UNIQUE, format TEXT NOT NULL, content_hash TEXT NOT NULL, title TEXT,
                    chunk_count INTEGER NOT NULL, size_bytes INTEGER NOT NULL, indexed_at TEXT NOT NULL, tags TEXT NOT NULL DEFAULT '[]',
                    knowledge_base TEXT NOT NULL DEFAULT 'default', fingerprint TEXT, recovered_share REAL);
                CREATE TABLE chunks (id INTEGER PRIMARY KEY, document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, idx INTEGER NOT NULL,
                    text TEXT NOT NULL, section TEXT NOT NULL, page INTEGER, start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL,
                    tokens INTEGER NOT NULL, embedding BLOB, UNIQUE(document_id, idx));
                CREATE VIRTUAL TABLE chunks_fts USING fts5(heading, body, tokenize = 'unicode61 remove_diacritics 0');
                INSERT INTO documents VALUES ('d1', '/a.md', 'markdown', 'h', 'A', 1, 10, '2026-01-01T00:00:00+00:00', '[]', 'default', NULL, NULL);
                INSERT INTO chunks VALUES (1, 'd1', 0, 'old text', '[]', NULL, 0, 8, 2, zeroblob(16));
                INSERT INTO chunks_fts (rowid, heading, body) VALUES (1, '', 'old text');
                PRAGMA user_version = 1;
                """;
            create.ExecuteNonQuery();
        }

        using var store = new Core.Storage.Sqlite.SqliteKnowledgeStore(path);
        var state = await store.GetEmbeddingStateAsync(default);

        Assert.Equal(new EmbeddingState(new EmbeddingSpace(EmbeddingSpace.UnrecordedModel, 4), 1, 1, null), state);
        Assert.Equal(Core.Storage.Sqlite.SqliteSchema.Version, new DbInspector(path).Scalar("PRAGMA user_version"));
        var ex = await Assert.ThrowsAsync<EmbeddingMismatchException>(() => new KnowledgeRetriever(store, _modelA).SearchAsync("old", 1));
        Assert.Contains("unrecorded model (4 dimensions)", ex.Message);
        await new EmbeddingReindexer(store, new IngestionOptions(), _modelA).ReindexAsync(new ReindexRequest(), null, default);
        Assert.Equal("old text", Assert.Single(await new KnowledgeRetriever(store, _modelA).SearchAsync("old", 1)).Text);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the reports in order and complete.</summary>
    private sealed class SyncProgress(List<ReembedProgress> reports) : IProgress<ReembedProgress>
    {
        public void Report(ReembedProgress value) => reports.Add(value);
    }

    /// <summary>An embedding model whose server goes away after a number of successful requests.</summary>
    private sealed class FailingAfter(HashingEmbeddingGenerator inner, int batches) : Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>
    {
        private int _calls;

        public Task<Microsoft.Extensions.AI.GeneratedEmbeddings<Microsoft.Extensions.AI.Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, Microsoft.Extensions.AI.EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            // Call 1 is the dimension probe; then `batches` batches succeed.
            if (++_calls > batches + 1) throw new HttpRequestException("connection refused (test)");
            return inner.GenerateAsync(values, options, cancellationToken);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

        public void Dispose()
        {
        }
    }
}
