using Assistant.Core.Agents;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Agents;

/// <summary>Allow-list and approval: what the host refuses whatever the model asks.</summary>
public sealed class ToolPolicyTests : IAsyncLifetime
{
    private readonly AgentTestKit _kit = new();

    public async Task InitializeAsync() => await _kit.IngestAsync();

    public Task DisposeAsync()
    {
        _kit.Dispose();
        return Task.CompletedTask;
    }

    private static CallbackChatClient CallsThen(params Microsoft.Extensions.AI.FunctionCallContent[] calls) =>
        new((messages, n) => n == 0 ? CallbackChatClient.ToolCalls(calls) : CallbackChatClient.Text("done"));

    [Fact]
    public async Task Only_allowed_tools_are_offered_and_a_call_to_another_one_never_runs()
    {
        var model = CallsThen(AgentTestKit.Call("t", "Ops_get_time"));

        var result = await _kit.Agent().RunAsync(AgentTestKit.Kernel(model), new AgentRequest("What time is it?"), CancellationToken.None);

        Assert.Equal([AgentTestKit.SearchTool], model.Calls[0].Options!.Tools!.Select(t => t.Name));
        Assert.Empty(_kit.Ops.Ran);
        var call = Assert.Single(result.ToolCalls);
        Assert.Equal(("Ops_get_time", false, "not an available tool here"), (call.Name, call.Ok, call.Error));
        // The model is told, as a result of its call.
        Assert.Contains("Ops_get_time", AgentTestKit.ToolResult(model.Calls[1].Messages, "t"));
        Assert.Equal("done", result.Answer.Answer);
    }

    [Fact]
    public async Task An_entry_point_allow_list_offers_exactly_its_tools()
    {
        var model = CallsThen(AgentTestKit.Call("t", "Ops_get_time"), AgentTestKit.Call("s", AgentTestKit.SearchTool, new() { ["query"] = "refund" }));

        var result = await _kit.Agent().RunAsync(AgentTestKit.Kernel(model), new AgentRequest("time?") { AllowedTools = ["Ops.get_time"] }, CancellationToken.None);

        Assert.Equal(["Ops_get_time"], model.Calls[0].Options!.Tools!.Select(t => t.Name));
        Assert.Equal(["get_time"], _kit.Ops.Ran);
        Assert.Equal([("get_time", true), (AgentTestKit.SearchTool, false)], result.ToolCalls.Select(c => (c.Name, c.Ok)).OrderBy(c => c.Ok ? 0 : 1));
    }

    [Fact]
    public async Task No_tools_allowed_sends_no_tools()
    {
        var model = new CallbackChatClient((messages, n) => CallbackChatClient.Text("ok"));

        await _kit.Agent().RunAsync(AgentTestKit.Kernel(model), new AgentRequest("hi") { AllowedTools = [] }, CancellationToken.None);

        Assert.Null(Assert.Single(model.Calls).Options?.Tools);
        Assert.Contains("Tools you may call: none.", model.Calls[0].Messages[0].Text);
    }

    [Fact]
    public async Task A_side_effect_tool_is_refused_without_an_approver()
    {
        var model = CallsThen(AgentTestKit.Call("e", "Ops_send_email", new() { ["to"] = "a@example.com", ["body"] = "hi" }));

        var result = await _kit.Agent().RunAsync(AgentTestKit.Kernel(model), new AgentRequest("mail it") { AllowedTools = ["send_email"] }, CancellationToken.None);

        Assert.Empty(_kit.Ops.Ran);
        var call = Assert.Single(result.ToolCalls);
        Assert.Equal(("send_email", false, "not approved (the tool has side effects)"), (call.Name, call.Ok, call.Error));
        Assert.Contains("needs the user's approval", AgentTestKit.ToolResult(model.Calls[1].Messages, "e"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_approver_decides_and_sees_the_arguments(bool approve)
    {
        var approver = new RecordingApprover(approve);
        var events = new List<AgentEvent>();
        var model = CallsThen(AgentTestKit.Call("e", "Ops_send_email", new() { ["to"] = "a@example.com", ["body"] = "hi" }));

        var result = await _kit.Agent().RunAsync(AgentTestKit.Kernel(model),
            new AgentRequest("mail it") { AllowedTools = ["send_email"], Approver = approver, OnEvent = events.Add }, CancellationToken.None);

        var asked = Assert.Single(approver.Asked);
        Assert.Equal(("Ops", "send_email"), (asked.Plugin, asked.Name));
        Assert.Contains("\"to\":\"a@example.com\"", asked.Arguments);
        Assert.Equal(approve ? ["send_email:a@example.com"] : [], _kit.Ops.Ran);
        Assert.Equal(approve, Assert.Single(result.ToolCalls).Ok);
        // A refused call has no start event, only its completion.
        Assert.Equal(approve ? 1 : 0, events.OfType<AgentToolStarted>().Count());
        Assert.Single(events.OfType<AgentToolCompleted>());
    }

    [Fact]
    public void Side_effects_are_read_from_the_attribute_or_the_metadata()
    {
        var plugin = Microsoft.SemanticKernel.KernelPluginFactory.CreateFromObject(new OpsPlugin(), "Ops");
        Assert.True(AgentToolSet.HasSideEffects(plugin["send_email"]));
        Assert.False(AgentToolSet.HasSideEffects(plugin["get_time"]));
        var remote = Microsoft.SemanticKernel.KernelFunctionFactory.CreateFromMethod(() => "x", new Microsoft.SemanticKernel.KernelFunctionFromMethodOptions
        {
            FunctionName = "remote_write",
            AdditionalMetadata = new(new Dictionary<string, object?> { [SideEffectsAttribute.MetadataKey] = true }),
        });
        Assert.True(AgentToolSet.HasSideEffects(remote));
    }
}
