using Assistant.Core.Documents;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage.Sqlite;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Storage.Sqlite;

/// <summary>
/// The in-memory copy of the keyword index must rank exactly as FTS5's bm25() does. Each test runs the same queries
/// through a store that uses the copy and one that never does (KeywordMemoryIndexMaxChunks 0), on the same file.
/// </summary>
public sealed class KeywordMemoryIndexTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly SqliteKnowledgeStore _store;
    private readonly SqliteKnowledgeStore _ftsOnly;

    public KeywordMemoryIndexTests()
    {
        var path = _dir.Combine("index", "assistant.db");
        _store = new SqliteKnowledgeStore(path);
        _ftsOnly = new SqliteKnowledgeStore(path, new RetrievalOptions { KeywordMemoryIndexMaxChunks = 0 });
    }

    public void Dispose()
    {
        _store.Dispose();
        _ftsOnly.Dispose();
        _dir.Dispose();
    }

    private static readonly string[] English =
    [
        "refund", "policy", "shipping", "delivery", "order", "invoice", "customer", "support", "model", "latency", "token",
        "evaluation", "benchmark", "cost", "license", "open", "commercial", "weight", "server", "memory", "korean", "english",
    ];

    private static readonly string[] Korean = ["환불", "정책", "배송", "주문", "고객", "지원", "모델", "평가", "비용", "라이선스", "서버", "메모리"];

    /// <summary>Chunks of random English words and Korean phrases with particles, in two knowledge bases, under random headings.</summary>
    private async Task SeedAsync(int documents, int seed = 7)
    {
        var random = new Random(seed);
        for (var d = 0; d < documents; d++)
        {
            var chunks = new List<Chunk>();
            var count = random.Next(1, 6);
            for (var c = 0; c < count; c++)
            {
                var words = Enumerable.Range(0, random.Next(3, 60)).Select(_ => random.Next(3) == 0
                    ? Korean[random.Next(Korean.Length)] + (random.Next(2) == 0 ? "은" : "을")
                    : English[random.Next(English.Length)] + (random.Next(5) == 0 ? "s" : string.Empty));
                var heading = random.Next(3) == 0 ? [] : new[] { English[random.Next(English.Length)], Korean[random.Next(Korean.Length)] };
                var text = string.Join(' ', words) + ". Don't panic.";
                chunks.Add(new Chunk($"d{d}", c, text, heading, null, 0, text.Length, 10));
            }

            var kb = d % 3 == 0 ? "beta" : DocumentRecord.DefaultKnowledgeBase;
            await _store.UpsertDocumentAsync(new DocumentRecord($"d{d}", $"/docs/{d}.md", "md", $"h{d}", null, 0, 1, DateTimeOffset.UnixEpoch, [], kb), chunks, null, default);
        }
    }

    /// <summary>Reads the store's copy now, as the benchmark does (searching alone reads it only once the index settles).</summary>
    private async Task WarmAsync()
    {
        var report = await _store.LoadKeywordCopyAsync(default);
        Assert.True(report.Refusal is null, report.Refusal);
        Assert.True(_store.KeywordCopyState.Generation is not null);
    }

    [Fact]
    public async Task Searching_reads_a_copy_once_the_index_has_settled()
    {
        await SeedAsync(30);
        var query = new SearchQuery("refund policy", 50, SearchMode.Keyword);
        var expected = await _ftsOnly.SearchAsync(query, default);

        // A few searches in quick succession: still FTS5 (a one-shot `ask` never pays for a copy). Checked only when
        // they did take under the settle time, which a badly overloaded test machine might not manage.
        var quick = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 3; i++) AssertSameRanking(expected, await _store.SearchAsync(query, default), "refund policy");
        if (quick.Elapsed < TimeSpan.FromSeconds(0.9)) Assert.Null(_store.KeywordCopyBuild);

        // The index has not changed for a second: the next search starts reading the copy.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        await _store.SearchAsync(query, default);
        Assert.NotNull(_store.KeywordCopyBuild);
        await _store.KeywordCopyBuild;
        Assert.NotNull(_store.KeywordCopyState.Generation);
        AssertSameRanking(expected, await _store.SearchAsync(query, default), "refund policy");
    }

    private static readonly string[] Queries =
    [
        "refund policy", "How long does shipping take?", "환불 정책은 무엇인가요?", "모델 평가 비용", "open commercial license cost",
        "customer support korean", "latency benchmark server memory", "배송 주문", "invoices", "weight", "nothingmatches",
        "refund 환불 policy 정책 delivery 배송", "models evaluation",
    ];

    [Fact]
    public async Task The_copy_ranks_every_query_exactly_as_fts5_bm25()
    {
        await SeedAsync(300);
        await WarmAsync();

        foreach (var text in Queries)
        {
            foreach (var top in new[] { 1, 5, 50, 2000 })
            {
                var query = new SearchQuery(text, top, SearchMode.Keyword);
                AssertSameRanking(await _ftsOnly.SearchAsync(query, default), await _store.SearchAsync(query, default), text);
            }
        }
    }

    [Fact]
    public async Task On_the_sample_corpus_the_copy_is_made_and_ranks_every_eval_question_as_fts5()
    {
        // Real Korean and English documents through the real pipeline, and the eval set's own questions (held-out ones too).
        var (store, _) = await Evaluation.EvalSet.IndexCorpusAsync(_dir.Combine("sample"));
        using (store)
        {
            using var ftsOnly = new SqliteKnowledgeStore(store.DatabasePath, new RetrievalOptions { KeywordMemoryIndexMaxChunks = 0 });
            var report = await store.LoadKeywordCopyAsync(default);
            Assert.True(report.Refusal is null, report.Refusal);

            var questions = Evaluation.EvalSet.Load().Select(q => q.Question).Concat(Evaluation.EvalSet.LoadUnanswerable().Select(q => q.Question)).ToList();
            Assert.True(questions.Count >= 40);
            var ranked = 0;
            foreach (var question in questions)
            {
                var query = new SearchQuery(question, 50, SearchMode.Keyword);
                AssertSameRanking(await ftsOnly.SearchAsync(query, default), await store.SearchAsync(query, default), question);
                if (KeywordMemoryIndex.CanRank(Assistant.Core.Text.TextAnalyzer.QueryTerms(question))) ranked++;
            }

            // Most questions are answered from the copy, not handed back to FTS5.
            Assert.True(ranked >= questions.Count * 0.8, $"{ranked} of {questions.Count} questions ranked from the copy");
        }
    }

    [Fact]
    public async Task A_knowledge_base_filter_holds_in_the_copy_with_fts5_statistics()
    {
        await SeedAsync(120);
        await WarmAsync();

        foreach (var text in Queries)
        {
            var query = new SearchQuery(text, 20, SearchMode.Keyword, new SearchFilter(KnowledgeBase: "beta"));
            var fromCopy = await _store.SearchAsync(query, default);
            AssertSameRanking(await _ftsOnly.SearchAsync(query, default), fromCopy, text);
            Assert.All(fromCopy, h => Assert.Equal(0, int.Parse(h.DocumentId[1..], System.Globalization.CultureInfo.InvariantCulture) % 3));
        }

        Assert.Empty(await _store.SearchAsync(new SearchQuery("refund", 5, SearchMode.Keyword, new SearchFilter(KnowledgeBase: "nobody")), default));
    }

    [Fact]
    public async Task A_minimum_score_cuts_the_copy_where_it_cuts_fts5()
    {
        await SeedAsync(80);
        await WarmAsync();
        var all = await _ftsOnly.SearchAsync(new SearchQuery("refund policy", 50, SearchMode.Keyword), default);
        var min = all[all.Count / 2].Score;

        var query = new SearchQuery("refund policy", 50, SearchMode.Keyword) with { MinScore = min };
        AssertSameRanking(await _ftsOnly.SearchAsync(query, default), await _store.SearchAsync(query, default), "refund policy");
    }

    [Fact]
    public async Task Another_process_writing_the_file_is_seen_at_once()
    {
        await SeedAsync(40);
        await WarmAsync();
        var generation = _store.KeywordCopyState.Generation;

        // A separate store instance stands for another process: this store's copy knows nothing of its write.
        using (var other = new SqliteKnowledgeStore(_store.DatabasePath))
        {
            await other.UpsertDocumentAsync(
                new DocumentRecord("new", "/docs/new.md", "md", "hn", null, 0, 1, DateTimeOffset.UnixEpoch, [], DocumentRecord.DefaultKnowledgeBase),
                [new Chunk("new", 0, "Pelicans guard the refund desk.", ["Pelicans"], null, 0, 31, 8)], null, default);
        }

        var hits = await _store.SearchAsync(new SearchQuery("pelican", 5, SearchMode.Keyword), default);
        Assert.Equal("new", Assert.Single(hits).DocumentId);
        Assert.Equal(generation, _store.KeywordCopyState.Generation);

        // Once searches settle on the new generation, a new copy is read, and it knows the document too.
        await WarmAsync();
        Assert.NotEqual(generation, _store.KeywordCopyState.Generation);
        AssertSameRanking(
            await _ftsOnly.SearchAsync(new SearchQuery("pelican refund", 50, SearchMode.Keyword), default),
            await _store.SearchAsync(new SearchQuery("pelican refund", 50, SearchMode.Keyword), default), "pelican refund");

        await _ftsOnly.DeleteDocumentAsync("new", default);
        Assert.Empty(await _store.SearchAsync(new SearchQuery("pelican", 5, SearchMode.Keyword), default));
    }

    [Fact]
    public async Task Terms_fts5_would_split_or_fold_are_left_to_fts5()
    {
        await SeedAsync(30);
        await WarmAsync();

        // "don't" is the phrase "don" "t" to FTS5; "café" would need unicode61's folding reproduced.
        Assert.False(KeywordMemoryIndex.CanRank(["don't"]));
        Assert.False(KeywordMemoryIndex.CanRank(["café"]));
        Assert.True(KeywordMemoryIndex.CanRank(["refund", "환불", "2024"]));
        var query = new SearchQuery("don't panic", 10, SearchMode.Keyword);
        var hits = await _store.SearchAsync(query, default);
        Assert.NotEmpty(hits);
        AssertSameRanking(await _ftsOnly.SearchAsync(query, default), hits, "don't panic");
    }

    [Fact]
    public async Task No_copy_is_read_past_the_configured_size()
    {
        await SeedAsync(20);
        using var small = new SqliteKnowledgeStore(_store.DatabasePath, new RetrievalOptions { KeywordMemoryIndexMaxChunks = 5 });
        var report = await small.LoadKeywordCopyAsync(default);

        Assert.Null(small.KeywordCopyState.Generation);
        Assert.Equal(0, report.Rows);
        Assert.Contains("KeywordMemoryIndexMaxChunks", report.Refusal);
        Assert.NotEmpty(await small.SearchAsync(new SearchQuery("refund", 5, SearchMode.Keyword), default));

        Assert.Contains("is 0", (await _ftsOnly.LoadKeywordCopyAsync(default)).Refusal);
        for (var i = 0; i < 5; i++) await _ftsOnly.SearchAsync(new SearchQuery("refund", 5, SearchMode.Keyword), default);
        Assert.Null(_ftsOnly.KeywordCopyState.Generation);
    }

    [Fact]
    public void A_row_whose_token_count_differs_from_fts5_refuses_the_copy()
    {
        var builder = new KeywordMemoryIndex.Builder(1, 1.5, 1.0);
        builder.Add(1, "refunds", "refund policy", "default", 1, 2);
        builder.Add(2, string.Empty, "refund", "default", 0, 2);

        Assert.Null(builder.Build());
        Assert.Contains("row 2", builder.Mismatch);
    }

    [Fact]
    public void A_term_count_that_differs_from_fts5_refuses_the_copy()
    {
        var builder = new KeywordMemoryIndex.Builder(1, 1.5, 1.0);
        builder.Add(1, string.Empty, "refund refund policy", "default", 0, 3);
        builder.CheckTerm("refund", 1, rows: 1, instances: 1);

        Assert.Null(builder.Build());
        Assert.Contains("refund", builder.Mismatch);

        var unchecked_ = new KeywordMemoryIndex.Builder(1, 1.5, 1.0);
        unchecked_.Add(1, string.Empty, "refund policy", "default", 0, 2);
        unchecked_.CheckTerm("refund", 1, rows: 1, instances: 1);
        Assert.Null(unchecked_.Build());
        Assert.Contains("policy", unchecked_.Mismatch);
    }

    [Theory]
    [InlineData("refund policy", new[] { "refund", "policy" })]
    [InlineData("don't  stop", new[] { "don", "t", "stop" })]
    [InlineData("환불 정책 2024", new[] { "환불", "정책", "2024" })]
    [InlineData("a-b_c", new[] { "a", "b", "c" })]
    public void Tokens_split_where_unicode61_splits(string text, string[] expected)
    {
        var tokens = new List<string>();
        KeywordMemoryIndex.Tokenize(text, tokens);
        Assert.Equal(expected, tokens);
    }

    /// <summary>Same scores in the same order; rows with equal scores may come in either order, and the last tie group may be cut differently.</summary>
    private static void AssertSameRanking(IReadOnlyList<SearchHit> expected, IReadOnlyList<SearchHit> actual, string query)
    {
        Assert.True(expected.Count == actual.Count, $"{query}: {expected.Count} hits from FTS5, {actual.Count} from the copy");
        Assert.Equal(expected.Select(h => h.Score), actual.Select(h => h.Score));
        Assert.Equal(expected.Select(h => h.Rank), actual.Select(h => h.Rank));
        var lastScore = expected.Count == 0 ? 0 : expected[^1].Score;
        foreach (var group in expected.Where(h => h.Score != lastScore).GroupBy(h => h.Score))
        {
            var inCopy = actual.Where(h => h.Score == group.Key).Select(h => (h.DocumentId, h.ChunkIndex)).Order();
            Assert.Equal(group.Select(h => (h.DocumentId, h.ChunkIndex)).Order(), inCopy);
        }

        foreach (var hit in actual)
        {
            var twin = expected.FirstOrDefault(h => h.DocumentId == hit.DocumentId && h.ChunkIndex == hit.ChunkIndex);
            if (twin is not null) Assert.Equal(twin with { Rank = hit.Rank }, hit);
        }
    }
}
