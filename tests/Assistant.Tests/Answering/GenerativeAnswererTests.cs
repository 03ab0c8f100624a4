using Assistant.Core.Answering;
using Assistant.Core.KernelHost;
using Assistant.Core.Retrieval;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Assistant.Tests.Answering;

public sealed partial class GenerativeAnswererTests
{
    private static readonly SearchHit[] Hits =
    [
        new(1, 3.2, "d1", "/kb/support/faq.md", "FAQ > Refunds", null, "Refunds are available within 30 days of purchase.", 0),
        new(2, 1.1, "d2", "/kb/guide.pdf", string.Empty, 4, "Open models can run on-premises.", 3),
    ];

    private static readonly AssistantKernelFactory Kernels = new(PromptLibrary.Load(Path.Combine(RepoPaths.Root, "prompts")));

    private static Task<AnswerResult> Answer(ScriptedChatClient model, string question, IReadOnlyList<SearchHit> hits, Action<string>? onToken = null) =>
        new GenerativeAnswerer(TimeProvider.System).AnswerAsync(Kernels.Create(model), question, hits, onToken);

    [Fact]
    public async Task Streams_the_answer_and_reports_usage_model_and_timings()
    {
        var model = new ScriptedChatClient(ScriptedChatClient.Text(["Refunds are possible ", "within 30 days [1]."], model: "test-model", inputTokens: 120, outputTokens: 9));
        var streamed = new List<string>();

        var result = await Answer(model, "How long do I have to ask for a refund?", Hits, streamed.Add);

        Assert.Equal("Refunds are possible within 30 days [1].", result.Answer);
        Assert.Equal(["Refunds are possible ", "within 30 days [1]."], streamed);
        Assert.True(result.Found);
        Assert.Equal(AnswerResult.GenerativeMode, result.Mode);
        Assert.Equal("test-model", result.Model);
        Assert.Equal(120, result.Usage!.InputTokens);
        Assert.Equal(9, result.Usage.OutputTokens);
        Assert.Equal(129, result.Usage.TotalTokens);
        Assert.NotNull(result.TimeToFirstTokenMs);
        Assert.True(result.TotalMs >= result.TimeToFirstTokenMs);
        Assert.Equal([1, 2], result.Sources.Select(s => s.N));
    }

    [Fact]
    public async Task The_profile_and_fallback_labels_our_middleware_adds_come_through_the_kernel()
    {
        var labelled = new ChatResponseUpdate(ChatRole.Assistant, "Yes [1].")
        {
            ModelId = "m2",
            AdditionalProperties = new() { ["profile"] = "backup", ["fallback_from"] = "primary" },
        };
        var model = new ScriptedChatClient([labelled]);

        var result = await Answer(model, "Are refunds possible?", Hits);

        Assert.Equal(("backup", "primary", "m2"), (result.Profile, result.FallbackFrom, result.Model));
    }

    [Fact]
    public async Task Sends_fenced_passages_with_ids_sources_and_the_question_language()
    {
        var model = new ScriptedChatClient(ScriptedChatClient.Text(["환불은 30일 이내에 가능합니다 [1]."]));

        await Answer(model, "환불 기간은 얼마나 되나요?", Hits);

        var messages = Assert.Single(model.Calls).Messages;
        Assert.Equal(ChatRole.System, messages[0].Role);
        Assert.Contains("Answer in Korean", messages[0].Text);
        Assert.Contains("문서에서 이 질문에 대한 답을 찾지 못했습니다.", messages[0].Text);
        Assert.Equal(ChatRole.User, messages[1].Role);
        var nonce = FenceNonce().Match(messages[1].Text).Groups[1].Value;
        Assert.Equal(16, nonce.Length);
        Assert.Equal(
            $"Passages:\n<passage-{nonce} id=\"1\" source=\"faq.md\" section=\"FAQ &gt; Refunds\">\nRefunds are available within 30 days of purchase.\n</passage-{nonce}>\n\n"
            + $"<passage-{nonce} id=\"2\" source=\"guide.pdf\" page=\"4\">\nOpen models can run on-premises.\n</passage-{nonce}>\n\nQuestion: 환불 기간은 얼마나 되나요?",
            messages[1].Text.ReplaceLineEndings("\n"));
        Assert.Contains($"nonce, {nonce}:", messages[0].Text);
    }

    [Fact]
    public async Task An_answer_without_citations_counts_as_not_found()
    {
        var model = new ScriptedChatClient(ScriptedChatClient.Text(["The documents don't say: nothing in the index answers this question."]));

        var result = await Answer(model, "Who won the 1998 World Cup?", Hits);

        Assert.False(result.Found);
    }

    [Fact]
    public async Task With_no_passages_the_model_is_not_called()
    {
        var model = new ScriptedChatClient(ScriptedChatClient.Text(["should not be used [1]"]));

        var result = await Answer(model, "Anything?", []);

        Assert.False(result.Found);
        Assert.Empty(model.Calls);
    }

    [Fact]
    public async Task An_answer_citing_only_an_id_we_did_not_send_counts_as_not_found()
    {
        var model = new ScriptedChatClient(ScriptedChatClient.Text(["Refunds take 90 days [7]."]));

        var result = await Answer(model, "How long do refunds take?", Hits);

        Assert.False(result.Found);
    }

    [System.Text.RegularExpressions.GeneratedRegex("<passage-([0-9a-f]+) id=")]
    private static partial System.Text.RegularExpressions.Regex FenceNonce();
}
