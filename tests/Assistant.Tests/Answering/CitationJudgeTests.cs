using Assistant.Core.Answering;
using Assistant.Core.KernelHost;
using Assistant.Core.Retrieval;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Assistant.Tests.Answering;

/// <summary>The optional judge model (Answering:CitationJudge) through the real Answer/JudgeCitation prompt; only the model is scripted.</summary>
public sealed class CitationJudgeTests
{
    private static readonly AssistantKernelFactory Kernels = new(PromptLibrary.Load(Path.Combine(RepoPaths.Root, "prompts")));

    private static readonly Citation[] Sources =
    [
        new(1, new SearchHit(1, 1, "d1", "/docs/faq.md", "Billing > Refunds", null, "Annual subscriptions can be refunded in full within 30 days of the initial purchase.", 0)),
    ];

    // Right, but in other words: the rule cannot see it ("yearly", "money back" are in no passage).
    private const string Paraphrase = "You get your money back for a yearly plan if you ask within 30 days [1].";

    private static CitationChecker Checker(ScriptedChatClient model) => new(judge: new KernelCitationJudge(Kernels, () => model));

    [Fact]
    public async Task The_judge_overrules_the_rule_when_it_says_supported_and_sees_the_claim_and_the_fenced_passage()
    {
        var model = new ScriptedChatClient(ScriptedChatClient.Text(["SUPPORTED"]));

        var report = await Checker(model).CheckAsync(Paraphrase, Sources, CancellationToken.None);

        Assert.False(new CitationChecker().Check(Paraphrase, Sources).Checks[0].Supported);
        Assert.Equal(new CitationCheck(1, true), Assert.Single(report.Checks));
        var messages = Assert.Single(model.Calls).Messages;
        Assert.Equal([ChatRole.System, ChatRole.User], messages.Select(m => m.Role));
        Assert.Matches("<passage-[0-9a-f]{16} id=\"1\" source=\"faq.md\"", messages[1].Text);
        Assert.EndsWith("Claim: You get your money back for a yearly plan if you ask within 30 days", messages[1].Text.TrimEnd());
    }

    [Theory]
    [InlineData("UNSUPPORTED")]
    [InlineData("I think so")]
    public async Task Unsupported_or_an_unclear_reply_keeps_the_rule_verdict(string reply)
    {
        var report = await Checker(new ScriptedChatClient(ScriptedChatClient.Text([reply]))).CheckAsync(Paraphrase, Sources, CancellationToken.None);

        Assert.False(Assert.Single(report.Checks).Supported);
    }

    [Fact]
    public async Task A_failing_judge_keeps_the_rule_verdict_and_the_answer()
    {
        var model = new ScriptedChatClient { Throw = new HttpRequestException("connection refused") };

        var report = await Checker(model).CheckAsync(Paraphrase, Sources, CancellationToken.None);

        Assert.False(Assert.Single(report.Checks).Supported);
        Assert.Equal(Paraphrase, report.Answer);
    }

    [Fact]
    public async Task The_judge_is_not_asked_about_citations_the_rule_supports()
    {
        var model = new ScriptedChatClient();

        var report = await Checker(model).CheckAsync("Annual subscriptions can be refunded within 30 days [1].", Sources, CancellationToken.None);

        Assert.True(Assert.Single(report.Checks).Supported);
        Assert.Empty(model.Calls);
    }
}
