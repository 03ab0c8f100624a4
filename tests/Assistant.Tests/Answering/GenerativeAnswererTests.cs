using System.Runtime.CompilerServices;
using Assistant.Core.Answering;
using Assistant.Core.Prompts;
using Assistant.Core.Retrieval;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Assistant.Tests.Answering;

public sealed class GenerativeAnswererTests
{
    private static readonly SearchHit[] Hits =
    [
        new(1, 3.2, "d1", "/kb/support/faq.md", "FAQ > Refunds", null, "Refunds are available within 30 days of purchase.", 0),
        new(2, 1.1, "d2", "/kb/guide.pdf", string.Empty, 4, "Open models can run on-premises.", 3),
    ];

    private static GenerativeAnswerer Create() =>
        new(PromptTemplate.Load("Answer", "Grounded", Path.Combine(RepoPaths.Root, "prompts")), TimeProvider.System);

    [Fact]
    public async Task Streams_the_answer_and_reports_usage_model_and_timings()
    {
        var client = new FakeStreamingChatClient(["Refunds are possible ", "within 30 days [1]."], model: "test-model", inputTokens: 120, outputTokens: 9);
        var streamed = new List<string>();

        var result = await Create().AnswerAsync(client, "How long do I have to ask for a refund?", Hits, onToken: streamed.Add);

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
    public async Task Sends_numbered_passages_with_sources_and_the_question_language()
    {
        var client = new FakeStreamingChatClient(["환불은 30일 이내에 가능합니다 [1]."]);

        await Create().AnswerAsync(client, "환불 기간은 얼마나 되나요?", Hits);

        var messages = client.LastMessages!;
        Assert.Equal(ChatRole.System, messages[0].Role);
        Assert.Contains("Answer in Korean", messages[0].Text);
        Assert.Contains("문서에서 이 질문에 대한 답을 찾지 못했습니다.", messages[0].Text);
        Assert.Equal(ChatRole.User, messages[1].Role);
        Assert.Contains("[1] faq.md — FAQ > Refunds\nRefunds are available within 30 days of purchase.", messages[1].Text);
        Assert.Contains("[2] guide.pdf, page 4", messages[1].Text);
        Assert.Contains("Question: 환불 기간은 얼마나 되나요?", messages[1].Text);
    }

    [Fact]
    public async Task An_answer_without_citations_counts_as_not_found()
    {
        var client = new FakeStreamingChatClient(["The documents don't say: nothing in the index answers this question."]);

        var result = await Create().AnswerAsync(client, "Who won the 1998 World Cup?", Hits);

        Assert.False(result.Found);
    }

    [Fact]
    public async Task With_no_passages_the_model_is_not_called()
    {
        var client = new FakeStreamingChatClient(["should not be used [1]"]);

        var result = await Create().AnswerAsync(client, "Anything?", []);

        Assert.False(result.Found);
        Assert.Null(client.LastMessages);
    }

    /// <summary>A chat model that streams a fixed script; records what it was sent.</summary>
    private sealed class FakeStreamingChatClient(string[] pieces, string? model = null, int? inputTokens = null, int? outputTokens = null) : IChatClient
    {
        public IReadOnlyList<ChatMessage>? LastMessages { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            LastMessages = messages.ToList();
            foreach (var piece in pieces)
            {
                await Task.Yield();
                yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ModelId = model };
            }

            if (inputTokens is not null)
            {
                yield return new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = outputTokens })] };
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
