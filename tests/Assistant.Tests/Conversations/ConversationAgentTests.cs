using Assistant.Core.Agents;
using Assistant.Core.Answering;
using Assistant.Core.Conversations;
using Assistant.Core.Retrieval;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace Assistant.Tests.Conversations;

/// <summary>A turn with <see cref="ConversationRequest.UseAgent"/>: the pipeline's passages go to the agent, which may search again.</summary>
public sealed class ConversationAgentTests : IAsyncLifetime
{
    private readonly TestKnowledgeBase _kb = new();

    public async Task InitializeAsync()
    {
        _kb.Dir.Write("docs/refund.md", "# Refunds\n\n## Policy\n\nRefunds are accepted within 30 days of purchase with a receipt.\n");
        _kb.Dir.Write("docs/sync.md", "# Sync\n\n## Logs\n\nSync logs are written to the folder ~/.nimbus/logs on every device.\n");
        await _kb.IngestAsync(_kb.Dir.Combine("docs"));
    }

    public Task DisposeAsync()
    {
        _kb.Dispose();
        return Task.CompletedTask;
    }

    private ConversationService Service(CallbackChatClient model)
    {
        var agent = new DocumentAgent(
            new KnowledgeRetriever(_kb.Store),
            new AgentPrompt(ConversationTestKit.Kernels.Prompts),
            new AgentToolSet(),
            Options.Create(new AgentOptions()));
        var selection = new ChatSelection(new SelectedChat("scripted", model), null);
        return new ConversationService(
            new KnowledgeRetriever(_kb.Store),
            new FixedSelector(selection),
            ConversationTestKit.Kernels,
            new GenerativeAnswerer(TimeProvider.System),
            new ExtractiveAnswerer(_kb.Store),
            agent: agent);
    }

    [Fact]
    public async Task The_agent_answers_the_turn_searching_again_and_its_tool_call_and_events_come_back()
    {
        var model = new CallbackChatClient((messages, n) => n switch
        {
            0 => CallbackChatClient.ToolCalls(new Microsoft.Extensions.AI.FunctionCallContent("c1", "Documents_search_documents", new Dictionary<string, object?> { ["query"] = "sync logs folder", ["top"] = 1 })),
            _ => CallbackChatClient.Text("Refunds need a receipt [1]; ", "sync logs are in ~/.nimbus/logs [2]."),
        });
        List<AgentEvent> events = [];
        List<string> tokens = [];

        var turn = await Service(model).AskAsync(
            new ConversationRequest("What do refunds need?") { UseAgent = true, Top = 1, OnEvent = events.Add, OnToken = tokens.Add },
            CancellationToken.None);

        var call = Assert.Single(turn.ToolCalls);
        Assert.Equal(("search_documents", true), (call.Name, call.Ok));
        Assert.Equal("Refunds need a receipt [1]; sync logs are in ~/.nimbus/logs [2].", turn.Answer.Answer);
        Assert.Equal((AnswerResult.GenerativeMode, true), (turn.Answer.Mode, turn.Answer.Found));
        Assert.Equal(["refund.md", "sync.md"], turn.Answer.Sources.Select(s => Path.GetFileName(s.Hit.Source)));
        Assert.Equal([(1, true), (2, true)], turn.Answer.CitationChecks.Select(c => (c.N, c.Supported)));
        Assert.Equal("scripted", turn.Answer.Profile);
        // Tool activity comes between text pieces, in order; the text also reaches OnToken.
        Assert.IsType<AgentToolStarted>(events[0]);
        Assert.IsType<AgentToolCompleted>(events[1]);
        Assert.All(events.Skip(2), e => Assert.IsType<AgentTextDelta>(e));
        Assert.Equal(turn.Answer.Answer, string.Concat(tokens));
    }

    [Fact]
    public async Task Without_UseAgent_no_tool_is_offered_to_the_model()
    {
        var model = new CallbackChatClient((_, _) => CallbackChatClient.Text("Within 30 days [1]."));

        var turn = await Service(model).AskAsync(new ConversationRequest("What do refunds need?") { Top = 1 }, CancellationToken.None);

        Assert.Empty(turn.ToolCalls);
        Assert.True(model.Calls[0].Options?.Tools is null or { Count: 0 });
    }
}
