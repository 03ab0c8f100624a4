using Assistant.Core.Answering;
using Assistant.Core.Conversations;
using Assistant.Core.Text;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Assistant.Tests.Conversations;

/// <summary>ConversationService over a real SQLite index and the real prompts, with a scripted model: what each call was sent.</summary>
public sealed class ConversationServiceTests : IAsyncLifetime
{
    private readonly TestKnowledgeBase _kb = new();

    public async Task InitializeAsync()
    {
        _kb.Dir.Write("docs/refund.md", "# Refunds\n\n## Policy\n\nRefunds are accepted within 30 days of purchase with a receipt.\n\n## Monthly plans\n\nMonthly plans can be cancelled any time; refunds for monthly plans are prorated to the day.\n");
        await _kb.IngestAsync(_kb.Dir.Combine("docs"));
    }

    public Task DisposeAsync()
    {
        _kb.Dispose();
        return Task.CompletedTask;
    }

    private static readonly HistoryTurn First = new("What is the refund policy?", "What is the refund policy?", "Refunds are accepted within 30 days [1].");

    [Fact]
    public async Task A_follow_up_is_condensed_then_answered_with_the_fenced_history_and_the_standalone_question()
    {
        var model = new ScriptedChatClient(
            ScriptedChatClient.Text(["What is the refund policy for monthly plans?"]),
            ScriptedChatClient.Text(["Monthly plans are refunded pro rata [1]."], model: "m1", inputTokens: 200, outputTokens: 9));

        var turn = await ConversationTestKit.Service(_kb, ConversationTestKit.With(model))
            .AskAsync(new ConversationRequest("and for monthly plans?") { History = [First] }, CancellationToken.None);

        Assert.Equal(("and for monthly plans?", "What is the refund policy for monthly plans?"), (turn.Question, turn.StandaloneQuestion));
        Assert.Equal(2, model.Calls.Count);
        Assert.Contains("Latest question: and for monthly plans?", model.Calls[0].Messages[1].Text);
        var answerPrompt = model.Calls[1].Messages[1].Text.ReplaceLineEndings("\n");
        var nonce = System.Text.RegularExpressions.Regex.Match(answerPrompt, "<history-([0-9a-f]{16})>").Groups[1].Value;
        Assert.StartsWith($"Earlier turns:\n<history-{nonce}>\nUser: What is the refund policy?\nAssistant: Refunds are accepted within 30 days.\n</history-{nonce}>\n\nPassages:\n<passage-{nonce} id=\"1\"", answerPrompt);
        Assert.EndsWith("Question: What is the refund policy for monthly plans?", answerPrompt);
        Assert.Contains("prorated", turn.Answer.Sources[0].Hit.Text);
        Assert.Equal((true, "Monthly plans are refunded pro rata [1]."), (turn.Answer.Found, turn.Answer.Answer));
        Assert.NotNull(turn.Budget);
        Assert.Empty(turn.Budget!.DroppedPassages);
        Assert.Empty(turn.Answer.Warnings);
    }

    [Theory]
    // The question reads as standalone, so it is searched while the model condenses. That search is used when the
    // model gives the question back unchanged, and thrown away when the model rewrites it.
    [InlineData("Are refunds possible after 30 days?", "Are refunds possible after 30 days?", "within 30 days")]
    [InlineData("Are refunds possible after 30 days?", "Can monthly plans be cancelled any time with prorated refunds?", "prorated")]
    public async Task A_question_searched_while_the_model_condenses_gets_the_passages_of_the_question_the_model_returned(string question, string condensed, string expected)
    {
        var model = new ScriptedChatClient(
            ScriptedChatClient.Text([condensed]),
            ScriptedChatClient.Text(["The answer [1]."]));

        var turn = await ConversationTestKit.Service(_kb, ConversationTestKit.With(model))
            .AskAsync(new ConversationRequest(question) { History = [First], Top = 1 }, CancellationToken.None);

        Assert.False(QueryCondenser.IsFollowUp(question));
        Assert.Equal(condensed, turn.StandaloneQuestion);
        Assert.Contains(expected, Assert.Single(turn.Answer.Sources).Hit.Text);
        Assert.EndsWith("Question: " + condensed, model.Calls[1].Messages[1].Text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task The_turns_usage_adds_the_condense_call_to_the_answer_and_the_answers_own_stays_visible()
    {
        var model = new ScriptedChatClient(
            ScriptedChatClient.Text(["What is the refund policy for monthly plans?"], inputTokens: 50, outputTokens: 10),
            ScriptedChatClient.Text(["Monthly plans are refunded pro rata [1]."], model: "m1", inputTokens: 200, outputTokens: 9));

        var turn = await ConversationTestKit.Service(_kb, ConversationTestKit.With(model))
            .AskAsync(new ConversationRequest("and for monthly plans?") { History = [First] }, CancellationToken.None);

        Assert.Equal(new TokenUsage(250, 19, 269), turn.Answer.Usage);
        Assert.Equal(new TokenUsage(200, 9, 209), turn.AnswerUsage);
    }

    [Fact]
    public async Task The_turns_usage_adds_the_query_translation()
    {
        using var kb = new TestKnowledgeBase();
        kb.Dir.Write("ko/billing.md", "# 결제 안내\n\n## 카드 결제 취소\n\n카드 결제를 취소하면 승인 취소까지 영업일 기준 3~7일이 걸립니다.\n");
        await kb.IngestAsync(kb.Dir.Combine("ko"));
        var model = new ScriptedChatClient(
            ScriptedChatClient.Text(["카드 결제 취소 후 승인 취소까지 얼마나 걸리나요?"], inputTokens: 30, outputTokens: 12),
            ScriptedChatClient.Text(["It takes 3 to 7 business days [1]."], inputTokens: 300, outputTokens: 11));

        var turn = await ConversationTestKit.Service(kb, ConversationTestKit.With(model))
            .AskAsync(new ConversationRequest("How long until a cancelled card payment is reversed?"), CancellationToken.None);

        Assert.NotNull(turn.TranslatedQuery);
        Assert.Equal(new TokenUsage(330, 23, 353), turn.Answer.Usage);
    }

    [Fact]
    public async Task A_first_turn_makes_one_model_call_with_no_history_in_the_prompt()
    {
        var model = new ScriptedChatClient(ScriptedChatClient.Text(["Within 30 days [1]."]));

        var turn = await ConversationTestKit.Service(_kb, ConversationTestKit.With(model)).AskAsync(new ConversationRequest("What is the refund policy?"), CancellationToken.None);

        Assert.StartsWith("Passages:\n", Assert.Single(model.Calls).Messages[1].Text.ReplaceLineEndings("\n"));
        Assert.Null(turn.TranslatedQuery);
        Assert.Equal(turn.Question, turn.StandaloneQuestion);
    }

    [Fact]
    public async Task Without_a_model_a_follow_up_carries_the_previous_terms_and_the_extractive_answer_stays_on_topic()
    {
        var turn = await ConversationTestKit.Service(_kb, ConversationTestKit.NoModel)
            .AskAsync(new ConversationRequest("and for monthly plans?") { History = [First] }, CancellationToken.None);

        Assert.Equal("and for monthly plans? refund policy", turn.StandaloneQuestion);
        Assert.Equal(AnswerResult.ExtractiveMode, turn.Answer.Mode);
        Assert.Contains("prorated", turn.Answer.Answer);
        Assert.Null(turn.Budget);
    }

    [Fact]
    public async Task An_English_question_about_a_fact_written_only_in_Korean_is_found_through_the_translated_query()
    {
        using var kb = new TestKnowledgeBase();
        kb.Dir.Write("ko/billing.md", "# 결제 안내\n\n## 카드 결제 취소\n\n카드 결제를 취소하면 승인 취소까지 영업일 기준 3~7일이 걸립니다.\n");
        kb.Dir.Write("ko/notes.md", "# 노트 동기화\n\n노트는 30초마다 서버와 동기화됩니다.\n");
        await kb.IngestAsync(kb.Dir.Combine("ko"));
        var question = "How long until a cancelled card payment is reversed?";
        Assert.DoesNotContain(await new Core.Retrieval.KnowledgeRetriever(kb.Store).SearchAsync(question, 5), h => h.Text.Contains("3~7일"));
        var model = new ScriptedChatClient(
            ScriptedChatClient.Text(["카드 결제 취소 후 승인 취소까지 얼마나 걸리나요?"]),
            ScriptedChatClient.Text(["It takes 3 to 7 business days [1]."]));

        var turn = await ConversationTestKit.Service(kb, ConversationTestKit.With(model)).AskAsync(new ConversationRequest(question), CancellationToken.None);

        Assert.Equal("카드 결제 취소 후 승인 취소까지 얼마나 걸리나요?", turn.TranslatedQuery);
        var translate = model.Calls[0].Messages;
        Assert.Contains("Korean", translate[0].Text);
        Assert.Equal(question, translate[1].Text);
        Assert.Contains("3~7일", turn.Answer.Sources[0].Hit.Text);
        Assert.Equal(1, turn.Answer.Sources[0].N);
        Assert.Contains("3~7일", model.Calls[1].Messages[1].Text);
        Assert.Contains("Answer in English", model.Calls[1].Messages[0].Text);
    }

    [Fact]
    public async Task A_question_in_the_language_of_most_of_the_index_is_not_translated()
    {
        var model = new ScriptedChatClient(ScriptedChatClient.Text(["Within 30 days [1]."]));

        var turn = await ConversationTestKit.Service(_kb, ConversationTestKit.With(model)).AskAsync(new ConversationRequest("How long do refunds take?"), CancellationToken.None);

        Assert.Null(turn.TranslatedQuery);
        Assert.Single(model.Calls);
    }

    [Fact]
    public async Task Long_passages_and_a_long_history_are_trimmed_to_the_window_minus_the_answer_reserve_and_reported()
    {
        using var kb = new TestKnowledgeBase();
        for (var i = 1; i <= 5; i++)
        {
            kb.Dir.Write($"long/p{i}.md", $"# Refund note {i}\n\n" + string.Join(' ', Enumerable.Repeat($"Refund rule {i} says the refund window is {i * 10} days for receipts.", 25)) + "\n");
        }

        await kb.IngestAsync(kb.Dir.Combine("long"));
        var history = Enumerable.Range(1, 8)
            .Select(i => new HistoryTurn($"Question {i} about refunds?", $"Question {i} about refunds?", string.Join(' ', Enumerable.Repeat($"Earlier answer {i} about refund windows [1].", 20))))
            .ToList();
        const int window = 2600;
        var model = new ScriptedChatClient(
            ScriptedChatClient.Text(["What is the refund window?"], inputTokens: 40, outputTokens: 6),
            ScriptedChatClient.Text(["The user asked about refund windows; the answers gave 10 to 50 days."], inputTokens: 500, outputTokens: 20),
            ScriptedChatClient.Text(["It is 10 days [1]."], inputTokens: 1700, outputTokens: 7));
        var warnings = new List<string>();

        var turn = await ConversationTestKit.Service(kb, ConversationTestKit.With(model, contextWindow: window))
            .AskAsync(new ConversationRequest("and the window?") { History = history, OnWarning = warnings.Add }, CancellationToken.None);

        var budget = turn.Budget!;
        Assert.Equal((window, 800), (budget.ContextWindow, budget.AnswerReserve));
        Assert.Equal(3, model.Calls.Count);
        // The summariser gets the newest of the dropped turns (as many as fit half the budget), not the ones kept.
        var summariser = model.Calls[1].Messages[1].Text;
        Assert.Contains($"User: Question {budget.DroppedTurns} about refunds?", summariser);
        Assert.DoesNotContain($"User: Question {budget.DroppedTurns + 1} about refunds?", summariser);
        Assert.True(budget.SummarisedTurns > 0 && budget.SummarisedTurns <= budget.DroppedTurns, $"summarised {budget.SummarisedTurns} of {budget.DroppedTurns}");
        var sent = model.Calls[2].Messages.Sum(m => O200kTokenCounter.Instance.Count(m.Text));
        Assert.True(sent <= window - 800, $"the prompt sent has {sent} tokens; the budget is {window - 800}");
        Assert.True(budget.PromptTokens <= window - 800 && budget.PromptTokens >= sent, $"reported {budget.PromptTokens}, sent {sent}");
        Assert.NotEmpty(budget.DroppedPassages);
        Assert.True(budget.DroppedTurns > 0);
        Assert.Equal(5 - budget.DroppedPassages.Count, turn.Answer.Sources.Count);
        Assert.Equal(Enumerable.Range(1, turn.Answer.Sources.Count), turn.Answer.Sources.Select(s => s.N));
        Assert.Contains(warnings, w => w.Contains("left out passage(s)", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("oldest turn(s) of the conversation; a summary of", StringComparison.Ordinal));
        Assert.Equal(warnings, turn.Answer.Warnings);
        // The newest turns are kept, the oldest stand behind the summary, inside the history fence.
        var prompt = model.Calls[2].Messages[1].Text.ReplaceLineEndings("\n");
        Assert.Contains("Question 8 about refunds?", prompt);
        Assert.DoesNotContain("Question 1 about refunds?", prompt);
        // Condense, history summary and answer: the turn's usage counts all three.
        Assert.Equal(new TokenUsage(2240, 33, 2273), turn.Answer.Usage);
        Assert.Matches("<history-[0-9a-f]{16}>\nUser: \\(summary of earlier turns\\)\nAssistant: The user asked about refund windows; the answers gave 10 to 50 days.\n", prompt);
    }

    [Fact]
    public async Task The_counts_the_budget_remembers_never_fall_below_the_prompt_really_sent_turn_after_turn()
    {
        using var kb = new TestKnowledgeBase();
        kb.Dir.Write("mixed/refunds.md", "# Refunds & returns\n\nRefunds take 30 days <for receipts> & 14 days without one.\n\n## 환불\n\n환불은 구매 후 30일 이내에 가능합니다. 영수증이 없으면 14일입니다.\n");
        kb.Dir.Write("mixed/shipping.md", "# Shipping\n\nParcels ship within 2 days; express costs 5,000원 more.\n\n## 배송\n\n배송은 2일 이내에 출발합니다.\n");
        await kb.IngestAsync(kb.Dir.Combine("mixed"));
        string[] questions = ["How long do refunds take?", "환불은 얼마나 걸리나요?", "How long do refunds take?", "Is <express> & shipping fast?", "배송은 언제 출발하나요?", "환불은 얼마나 걸리나요?"];
        // Enough replies for a translation call beside each answer; the answer is always the turn's last call.
        var model = new ScriptedChatClient([.. Enumerable.Range(0, 3 * questions.Length).Select(_ => ScriptedChatClient.Text(["30 days [1]."]))]);
        var service = ConversationTestKit.Service(kb, ConversationTestKit.With(model, contextWindow: 8000));

        for (var i = 0; i < questions.Length; i++)
        {
            var turn = await service.AskAsync(new ConversationRequest(questions[i]), CancellationToken.None);
            var sent = model.Calls[^1].Messages.Sum(m => O200kTokenCounter.Instance.Count(m.Text));
            Assert.True(turn.Budget!.PromptTokens >= sent, $"turn {i + 1} ({questions[i]}): counted {turn.Budget.PromptTokens}, sent {sent}");
            // Far above what is sent would waste the window. The margins: 16, 4 per message, 4 per passage, and the
            // instructions' &lt; entities, which SK's escaping keeps in the rendered template.
            Assert.True(turn.Budget.PromptTokens <= sent + 100, $"turn {i + 1} ({questions[i]}): counted {turn.Budget.PromptTokens}, sent {sent}");
        }
    }

    [Fact]
    public async Task One_passage_longer_than_the_window_is_cut_and_a_question_that_cannot_fit_is_refused_clearly()
    {
        using var kb = new TestKnowledgeBase(chunking: new Core.Ingestion.Chunking.ChunkingOptions { TargetTokens = 2000, OverlapTokens = 0 });
        kb.Dir.Write("big/p.md", "# Refunds\n\n" + string.Join(' ', Enumerable.Repeat("The refund window is thirty days for every receipt we issue.", 150)) + "\n");
        await kb.IngestAsync(kb.Dir.Combine("big"));
        var model = new ScriptedChatClient(ScriptedChatClient.Text(["Thirty days [1]."]));

        var turn = await ConversationTestKit.Service(kb, ConversationTestKit.With(model, contextWindow: 1500)).AskAsync(new ConversationRequest("What is the refund window?") { Top = 1 }, CancellationToken.None);

        Assert.True(turn.Budget!.TruncatedPassage);
        Assert.True(model.Calls[0].Messages.Sum(m => O200kTokenCounter.Instance.Count(m.Text)) <= 1500 - 800);

        var tooLong = string.Join(' ', Enumerable.Repeat("refund window question", 400));
        var error = await Assert.ThrowsAsync<ContextBudgetException>(() => ConversationTestKit.Service(kb, ConversationTestKit.With(new ScriptedChatClient(), contextWindow: 1500))
            .AskAsync(new ConversationRequest(tooLong), CancellationToken.None));
        Assert.Contains("context window of 1500", error.Message);
    }
}
