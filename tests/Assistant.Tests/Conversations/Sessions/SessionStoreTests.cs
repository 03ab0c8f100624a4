using Assistant.Core.Agents;
using Assistant.Core.Answering;
using Assistant.Core.Conversations;
using Assistant.Core.Conversations.Sessions;
using Assistant.Core.Retrieval;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Conversations.Sessions;

public sealed class SessionStoreTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly DateTimeOffset Noon = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static ConversationTurn Turn(string question, string answer)
    {
        var hit = new SearchHit(1, 0.5, "doc1", "/docs/refund.md", "Refunds > Policy", 2, "Refunds within 30 days.", 0);
        var result = new AnswerResult(answer, AnswerResult.GenerativeMode, true, [new Citation(1, hit)])
        {
            Model = "llama3.1",
            Profile = "local",
            Usage = new TokenUsage(300, 9, 309),
            TimeToFirstTokenMs = 120.5,
            CitationChecks = [new CitationCheck(1, true), new CitationCheck(2, false, "numbers")],
        };
        return new ConversationTurn(question, question + " (standalone)", result)
        {
            TotalMs = 900,
            ToolCalls = [new ToolCallRecord("search_documents", """{"query":"refund"}""", true, 12.5)],
        };
    }

    [Fact]
    public async Task Turns_round_trip_with_sources_citations_tool_calls_model_and_usage_and_a_reopened_store_sees_them()
    {
        var path = _dir.Combine("data", "sessions.db");
        var (session, created) = await new SessionStore(path).OpenOrCreateAsync("work", Noon, CancellationToken.None);
        Assert.True(created);
        var first = await new SessionStore(path).AppendAsync(session.Id, Turn("Refunds?", "Within 30 days [1]."), Noon.AddMinutes(1), CancellationToken.None);
        var second = await new SessionStore(path).AppendAsync(session.Id, Turn("And shipping?", "Five days [1]."), Noon.AddMinutes(2), CancellationToken.None);

        var store = new SessionStore(path);
        var (again, createdAgain) = await store.OpenOrCreateAsync("work", Noon.AddHours(1), CancellationToken.None);
        var turns = await store.TurnsAsync(again.Id, CancellationToken.None);

        Assert.False(createdAgain);
        Assert.Equal((session.Id, 2), (again.Id, again.Turns));
        Assert.Equal([1, 2], turns.Select(t => t.N));
        Assert.Equal((1, 2), (first.N, second.N));
        var t = turns[0];
        Assert.Equal(("Refunds?", "Refunds? (standalone)", "Within 30 days [1].", "generative", true), (t.Question, t.StandaloneQuestion, t.Answer, t.Mode, t.Found));
        Assert.Equal(("llama3.1", "local", 300L, 9L, 309L, 120.5, 900.0), (t.Model, t.Profile, t.Usage!.InputTokens, t.Usage.OutputTokens, t.Usage.TotalTokens, t.TimeToFirstTokenMs, t.TotalMs));
        Assert.Equal(new SearchHit(1, 0.5, "doc1", "/docs/refund.md", "Refunds > Policy", 2, "Refunds within 30 days.", 0), Assert.Single(t.Sources));
        Assert.Equal([new CitationCheck(1, true), new CitationCheck(2, false, "numbers")], t.Citations);
        Assert.Equal(new ToolCallRecord("search_documents", """{"query":"refund"}""", true, 12.5), Assert.Single(t.ToolCalls));
        Assert.Equal(Noon.AddMinutes(1), t.At);
        Assert.Equal(Noon.AddMinutes(2), (await store.FindAsync("work", CancellationToken.None))!.UpdatedAt);

        // What answering the next turn reads: the same turns, without the sources, citations and tool calls.
        var history = await store.TurnsAsync(again.Id, CancellationToken.None, historyOnly: true);
        Assert.Equal(turns.Select(x => (x.N, x.Question, x.StandaloneQuestion, x.Answer, x.Found, x.At)), history.Select(x => (x.N, x.Question, x.StandaloneQuestion, x.Answer, x.Found, x.At)));
        Assert.All(history, x => Assert.True(x.Sources.Count == 0 && x.Citations.Count == 0 && x.ToolCalls.Count == 0));
    }

    [Fact]
    public async Task List_delete_and_clear()
    {
        var store = new SessionStore(_dir.Combine("sessions.db"));
        var (a, _) = await store.OpenOrCreateAsync("a", Noon, CancellationToken.None);
        await store.OpenOrCreateAsync("b", Noon.AddMinutes(5), CancellationToken.None);
        await store.AppendAsync(a.Id, Turn("q", "a [1]."), Noon.AddMinutes(10), CancellationToken.None);

        Assert.Equal(["a", "b"], (await store.ListAsync(CancellationToken.None)).Select(s => s.Name));

        await store.ClearAsync(a.Id, Noon.AddMinutes(11), CancellationToken.None);
        Assert.Empty(await store.TurnsAsync(a.Id, CancellationToken.None));

        await store.AppendAsync(a.Id, Turn("q2", "b [1]."), Noon.AddMinutes(12), CancellationToken.None);
        Assert.True(await store.DeleteAsync("a", CancellationToken.None));
        Assert.False(await store.DeleteAsync("a", CancellationToken.None));
        Assert.Empty(await store.TurnsAsync(a.Id, CancellationToken.None));
        Assert.Equal(["b"], (await store.ListAsync(CancellationToken.None)).Select(s => s.Name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bad\nname")]
    public void Names_a_user_cannot_type_back_are_refused(string name) =>
        Assert.Throws<ArgumentException>(() => SessionStore.ValidateName(name));

    [Fact]
    public async Task ChatSessions_feeds_earlier_turns_as_history_and_stores_each_turn()
    {
        using var kb = new TestKnowledgeBase();
        kb.Dir.Write("docs/refund.md", "# Refunds\n\n## Policy\n\nRefunds are accepted within 30 days of purchase.\n\n## Monthly plans\n\nMonthly plans are refunded pro rata.\n");
        await kb.IngestAsync(kb.Dir.Combine("docs"));
        var store = new SessionStore(_dir.Combine("s.db"));
        var sessions = new ChatSessions(ConversationTestKit.Service(kb, ConversationTestKit.NoModel), store, TimeProvider.System);

        var session = await sessions.OpenAsync("kb", CancellationToken.None);
        await sessions.AskAsync(session, new ConversationRequest("What is the refund policy?"), CancellationToken.None);
        var (stored, live) = await sessions.AskAsync(session, new ConversationRequest("and for monthly plans?"), CancellationToken.None);

        Assert.Equal(2, stored.N);
        Assert.Equal("and for monthly plans? refund policy", live.StandaloneQuestion);
        var resumed = await sessions.OpenAsync("kb", CancellationToken.None);
        Assert.False(resumed.Created);
        Assert.Equal(["What is the refund policy?", "and for monthly plans?"], resumed.Turns.Select(t => t.Question));

        await sessions.ResetAsync(resumed, CancellationToken.None);
        var (afterReset, _) = await sessions.AskAsync(resumed, new ConversationRequest("and for monthly plans?"), CancellationToken.None);
        Assert.Equal(("and for monthly plans?", 1), (afterReset.StandaloneQuestion, afterReset.N));
    }
    [Fact]
    public async Task Sessions_have_a_kind_and_a_version_1_file_gains_it_with_the_servers_conversations_marked_support()
    {
        var path = _dir.Combine("old", "sessions.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        const string supportName = "support-0123456789abcdef0123456789abcdef";
        await using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await old.OpenAsync();
            await using var create = old.CreateCommand();
            create.CommandText = $"""
                CREATE TABLE sessions (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
                CREATE TABLE turns (session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, n INTEGER NOT NULL, question TEXT NOT NULL,
                    standalone_question TEXT NOT NULL, answer TEXT NOT NULL, mode TEXT NOT NULL, found INTEGER NOT NULL, sources TEXT NOT NULL,
                    citations TEXT NOT NULL, tool_calls TEXT NOT NULL, model TEXT, profile TEXT, input_tokens INTEGER, output_tokens INTEGER,
                    total_tokens INTEGER, time_to_first_token_ms REAL, total_ms REAL NOT NULL, at TEXT NOT NULL, PRIMARY KEY (session_id, n));
                INSERT INTO sessions VALUES ('a', 'work', '{Noon:O}', '{Noon:O}'), ('b', '{supportName}', '{Noon:O}', '{Noon:O}'), ('c', 'support-mine', '{Noon:O}', '{Noon:O}');
                PRAGMA user_version = 1;
                """;
            await create.ExecuteNonQueryAsync();
        }

        var store = new SessionStore(path);
        Assert.Equal(["support-mine", "work"], (await store.ListAsync(SessionKinds.Chat, CancellationToken.None)).Select(s => s.Name).Order());
        Assert.Equal([supportName], (await store.ListAsync(SessionKinds.Support, CancellationToken.None)).Select(s => s.Name));
        Assert.Equal(3, (await store.ListAsync(CancellationToken.None)).Count);

        var (created, _) = await store.OpenOrCreateAsync("support-fedcba9876543210fedcba9876543210", SessionKinds.Support, Noon, CancellationToken.None);
        Assert.Equal(SessionKinds.Support, created.Kind);
        var (reopened, isNew) = await new SessionStore(path).OpenOrCreateAsync(created.Name, Noon, CancellationToken.None);
        Assert.Equal((SessionKinds.Support, false), (reopened.Kind, isNew));
    }
}
