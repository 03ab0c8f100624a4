using Assistant.Core.Answering;
using Assistant.Core.KernelHost;
using Assistant.Core.Models;
using Assistant.Core.Retrieval;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Assistant.Tests.Answering;

/// <summary>
/// AnswerService over a real SQLite index and the real prompt directory; only the model is scripted
/// (through a selector that hands out the scripted client, as the real one hands out a profile's client).
/// </summary>
public sealed class AnswerServiceTests : IAsyncLifetime
{
    private static readonly AssistantKernelFactory Kernels = new(PromptLibrary.Load(Path.Combine(RepoPaths.Root, "prompts")));
    private readonly TestKnowledgeBase _kb = new();

    public async Task InitializeAsync()
    {
        _kb.Dir.Write("docs/refund.md", "# Refunds\n\n## Policy\n\nRefunds are accepted within 30 days of purchase with a receipt.\n\n## Shipping\n\nShipping takes five business days.\n");
        _kb.Dir.Write("docs/ko.md", "# 환불 정책\n\n환불은 구매 후 30일 이내에 영수증이 있으면 가능합니다.\n");
        await _kb.IngestAsync(_kb.Dir.Combine("docs"));
    }

    public Task DisposeAsync()
    {
        _kb.Dispose();
        return Task.CompletedTask;
    }

    private AnswerService Service(ChatSelection selection) =>
        new(new KnowledgeRetriever(_kb.Store), new FixedSelector(selection), Kernels, new GenerativeAnswerer(TimeProvider.System), new ExtractiveAnswerer(_kb.Store));

    [Fact]
    public async Task A_generated_answer_streams_cites_the_retrieved_passages_and_names_the_profile()
    {
        var model = new ScriptedChatClient(ScriptedChatClient.Text(["Within ", "30 days [1]."], model: "m1", inputTokens: 50, outputTokens: 5));
        var tokens = new List<string>();

        var answer = await Service(new ChatSelection(new SelectedChat("scripted", model), null))
            .AnswerAsync(new AnswerRequest("What is the refund policy?") { OnToken = tokens.Add }, CancellationToken.None);

        Assert.Equal(["Within ", "30 days [1]."], tokens);
        Assert.Equal((AnswerResult.GenerativeMode, true, "Within 30 days [1]."), (answer.Mode, answer.Found, answer.Answer));
        Assert.Equal(("scripted", "m1", 55L), (answer.Profile, answer.Model, answer.Usage!.TotalTokens));
        Assert.Equal(Path.Combine(_kb.Dir.Path, "docs", "refund.md"), answer.Sources[0].Hit.Source);
        var messages = Assert.Single(model.Calls).Messages;
        Assert.Equal([ChatRole.System, ChatRole.User], messages.Select(m => m.Role));
        Assert.Matches("^Passages:\n<passage-[0-9a-f]{16} id=\"1\" source=\"refund.md\" section=\"Refunds &gt; Policy\">\n", messages[1].Text.ReplaceLineEndings("\n"));
        Assert.Contains("Refunds are accepted within 30 days of purchase with a receipt.", messages[1].Text);
        Assert.True(model.Disposed, "the per-question client is disposed after the answer");
        Assert.Null(answer.Notice);
    }

    [Fact]
    public async Task Top_and_filters_limit_what_is_retrieved_and_sent()
    {
        var model = new ScriptedChatClient(ScriptedChatClient.Text(["30일 [1]."]));

        var answer = await Service(new ChatSelection(new SelectedChat("scripted", model), null)).AnswerAsync(
            new AnswerRequest("환불 refund") { Top = 1, Filter = new SearchFilter(SourcePrefix: _kb.Dir.Combine("docs", "ko.md")) }, CancellationToken.None);

        var only = Assert.Single(answer.Sources);
        Assert.EndsWith("ko.md", only.Hit.Source);
        Assert.DoesNotContain("refund.md", model.Calls[0].Messages[1].Text);
    }

    [Fact]
    public async Task Without_a_model_the_answer_is_extractive_with_the_notice()
    {
        var answer = await Service(new ChatSelection(null, null)).AnswerAsync(new AnswerRequest("What is the refund policy?"), CancellationToken.None);

        Assert.Equal((AnswerResult.ExtractiveMode, true), (answer.Mode, answer.Found));
        Assert.Contains("within 30 days", answer.Answer);
        Assert.Equal(AnswerService.NoModelNotice, answer.Notice);
        Assert.Null(answer.Model);
        Assert.NotEmpty(answer.CitationChecks);
        Assert.All(answer.CitationChecks, c => Assert.True(c.Supported, c.Reason));
    }

    [Fact]
    public async Task A_generated_answer_loses_citations_to_passages_not_given_and_flags_unsupported_ones()
    {
        var model = new ScriptedChatClient(ScriptedChatClient.Text(["Refunds within 30 days [1]. ", "Shipping is free worldwide [1][8]."]));

        var answer = await Service(new ChatSelection(new SelectedChat("scripted", model), null)).AnswerAsync(new AnswerRequest("What is the refund policy?") { Top = 1 }, CancellationToken.None);

        Assert.Equal("Refunds within 30 days [1]. Shipping is free worldwide [1].", answer.Answer);
        Assert.Equal([8], answer.RemovedCitations);
        var check = Assert.Single(answer.CitationChecks);
        Assert.Equal((1, false), (check.N, check.Supported));
        Assert.True(answer.Found);
    }

    [Fact]
    public async Task A_selection_warning_is_reported_before_the_first_token_and_kept_in_the_result()
    {
        var model = new ScriptedChatClient(ScriptedChatClient.Text(["Yes [1]."]));
        var events = new List<string>();

        var answer = await Service(new ChatSelection(new SelectedChat("ollama-auto", model), "Default chat profile 'x' is not usable"))
            .AnswerAsync(new AnswerRequest("Refund policy?") { OnToken = t => events.Add("token " + t), OnWarning = w => events.Add("warning " + w) }, CancellationToken.None);

        Assert.Equal(["warning Default chat profile 'x' is not usable", "token Yes [1]."], events);
        Assert.Equal(["Default chat profile 'x' is not usable"], answer.Warnings);
    }

    [Fact]
    public async Task A_model_failure_comes_out_as_the_model_exception_not_wrapped_by_the_kernel()
    {
        var failure = new ModelException(ModelErrorKind.RateLimited, "profile 'p': rate limited; wait and retry");
        var model = new ScriptedChatClient() { Throw = failure };

        var thrown = await Assert.ThrowsAsync<ModelException>(() => Service(new ChatSelection(new SelectedChat("p", model), null))
            .AnswerAsync(new AnswerRequest("Refund policy?"), CancellationToken.None));

        Assert.Same(failure, thrown);
        Assert.True(model.Disposed);
    }
}
