using System.Text.Json;
using Assistant.Core.Agents;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Assistant.Tests.Agents;

public sealed class DocumentAgentTests : IAsyncLifetime
{
    private readonly AgentTestKit _kit = new();

    public async Task InitializeAsync() => await _kit.IngestAsync();

    public Task DisposeAsync()
    {
        _kit.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_search_call_runs_and_its_passages_continue_the_ids_of_the_given_ones()
    {
        var given = await _kit.SearchAsync("refund receipt", 1);
        var model = new CallbackChatClient((messages, n) => n switch
        {
            0 => CallbackChatClient.ToolCalls(AgentTestKit.Call("c1", AgentTestKit.SearchTool, new() { ["query"] = "sync logs folder", ["top"] = 2 })),
            _ => CallbackChatClient.Text("Refunds take a receipt [1]; ", "sync logs are in ~/.nimbus/logs [2]."),
        });

        var result = await _kit.Agent().RunAsync(AgentTestKit.Kernel(model), new AgentRequest("Where are sync logs and what about refunds?") { Passages = given }, CancellationToken.None);

        Assert.Equal(2, model.Calls.Count);
        // The tool is offered under the name the model uses, with its parameters.
        var offered = Assert.Single(model.Calls[0].Options!.Tools!, t => t.Name == AgentTestKit.SearchTool);
        var schema = ((AIFunction)offered).JsonSchema.GetRawText();
        Assert.Contains("\"query\"", schema);
        Assert.Contains("\"top\"", schema);
        // The prompt functions are never tools.
        Assert.DoesNotContain(model.Calls[0].Options!.Tools!, t => t.Name.Contains("Grounded", StringComparison.Ordinal));

        var toolText = AgentTestKit.ToolResult(model.Calls[1].Messages, "c1")!;
        var nonce = System.Text.RegularExpressions.Regex.Match(model.Calls[0].Messages[0].Text, "<passage-([0-9a-f]{16}) ").Groups[1].Value;
        Assert.Equal(16, nonce.Length);
        Assert.Contains($"<passage-{nonce} id=\"2\" source=\"sync.md\"", toolText);
        Assert.Contains("~/.nimbus/logs", toolText);
        Assert.Contains($"<passage-{nonce} id=\"1\" source=\"refunds.md\"", model.Calls[0].Messages[^1].Text);

        var call = Assert.Single(result.ToolCalls);
        Assert.Equal(("search_documents", true, null), (call.Name, call.Ok, call.Error));
        Assert.Equal("sync logs folder", JsonDocument.Parse(call.Arguments).RootElement.GetProperty("query").GetString());
        Assert.True(call.Ms >= 0);

        Assert.Equal("Refunds take a receipt [1]; sync logs are in ~/.nimbus/logs [2].", result.Answer.Answer);
        Assert.True(result.Answer.Found);
        Assert.Equal("generative", result.Answer.Mode);
        Assert.Equal([1, 2], result.Answer.Sources.Select(s => s.N));
        Assert.EndsWith("refunds.md", result.Answer.Sources[0].Hit.Source);
        Assert.EndsWith("sync.md", result.Answer.Sources[1].Hit.Source);
        // Citations are checked against the passages by those ids: both are supported.
        Assert.Equal([(1, true), (2, true)], result.Answer.CitationChecks.Select(c => (c.N, c.Supported)));
    }

    [Fact]
    public async Task Parallel_calls_in_one_response_both_run_and_get_distinct_ids()
    {
        var model = new CallbackChatClient((messages, n) => n switch
        {
            0 => CallbackChatClient.ToolCalls(
                AgentTestKit.Call("a", AgentTestKit.SearchTool, new() { ["query"] = "refund policy", ["top"] = 1 }),
                AgentTestKit.Call("b", AgentTestKit.SearchTool, new() { ["query"] = "sync logs", ["top"] = 1 })),
            _ => CallbackChatClient.Text("Refunds within 30 days [1]. Logs kept 7 days [2]."),
        });

        var result = await _kit.Agent().RunAsync(AgentTestKit.Kernel(model), new AgentRequest("refunds and logs?"), CancellationToken.None);

        Assert.Equal(2, result.ToolCalls.Count);
        Assert.All(result.ToolCalls, c => Assert.True(c.Ok));
        Assert.Equal(2, model.Calls.Count);
        var a = AgentTestKit.ToolResult(model.Calls[1].Messages, "a")!;
        var b = AgentTestKit.ToolResult(model.Calls[1].Messages, "b")!;
        Assert.Contains("refunds.md", a);
        Assert.Contains("sync.md", b);
        // Whichever ran first took id 1: the two results never share an id, and the sources hold both.
        Assert.NotEqual(a.Contains("id=\"1\"", StringComparison.Ordinal), b.Contains("id=\"1\"", StringComparison.Ordinal));
        Assert.Equal([1, 2], result.Answer.Sources.Select(s => s.N));
        Assert.Equal(2, result.Answer.Sources.Select(s => s.Hit.Source).Distinct().Count());
    }

    [Fact]
    public async Task A_tool_that_throws_becomes_an_error_result_and_the_turn_still_answers()
    {
        _kit.Options.DefaultTools = ["search_documents", "explode"];
        var model = new CallbackChatClient((messages, n) => n switch
        {
            0 => CallbackChatClient.ToolCalls(AgentTestKit.Call("x", "Ops_explode", new() { ["reason"] = "test" })),
            _ => CallbackChatClient.Text("I could not check that."),
        });

        var result = await _kit.Agent().RunAsync(AgentTestKit.Kernel(model), new AgentRequest("Do the thing"), CancellationToken.None);

        Assert.Equal(["explode"], _kit.Ops.Ran);
        var call = Assert.Single(result.ToolCalls);
        Assert.False(call.Ok);
        Assert.Contains("InvalidOperationException: the disk is on fire: test", call.Error);
        Assert.Contains("Error: the tool explode failed (InvalidOperationException: the disk is on fire: test)", AgentTestKit.ToolResult(model.Calls[1].Messages, "x"));
        Assert.Equal("I could not check that.", result.Answer.Answer);
        Assert.False(result.Answer.Found);
    }

    [Fact]
    public async Task Cancelling_while_a_tool_runs_cancels_the_turn_instead_of_becoming_a_tool_error()
    {
        _kit.Options.DefaultTools = ["wait"];
        using var cts = new CancellationTokenSource();
        var model = new CallbackChatClient((messages, n) => n == 0 ? CallbackChatClient.ToolCalls(AgentTestKit.Call("w", "Ops_wait")) : CallbackChatClient.Text("too late"));
        var request = new AgentRequest("wait?") { OnEvent = e => { if (e is AgentToolStarted) cts.CancelAfter(50); } };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _kit.Agent().RunAsync(AgentTestKit.Kernel(model), request, cts.Token));

        Assert.Equal(["wait"], _kit.Ops.Ran);
        Assert.Single(model.Calls);
    }

    [Fact]
    public async Task The_step_cap_stops_a_model_that_keeps_searching_and_a_last_request_without_tools_answers()
    {
        _kit.Options.MaxSteps = 2;
        var model = new CallbackChatClient((messages, n) =>
            n < 3
                ? CallbackChatClient.ToolCalls(AgentTestKit.Call($"s{n}", AgentTestKit.SearchTool, new() { ["query"] = $"sync logs {n}" }))
                : CallbackChatClient.Text("Logs are in ~/.nimbus/logs [1]."));

        var result = await _kit.Agent().RunAsync(AgentTestKit.Kernel(model), new AgentRequest("Where are the logs?"), CancellationToken.None);

        Assert.True(result.StepLimitReached);
        Assert.Equal(4, model.Calls.Count);
        Assert.Equal([true, true, false], result.ToolCalls.Select(c => c.Ok));
        Assert.Equal("step limit reached (2 rounds)", result.ToolCalls[2].Error);
        // The last request offers no tools and carries the refusal the model must answer from.
        Assert.Null(model.Calls[3].Options?.Tools);
        Assert.StartsWith("Error: the step limit for this turn is reached", AgentTestKit.ToolResult(model.Calls[3].Messages, "s2"));
        Assert.Equal("Logs are in ~/.nimbus/logs [1].", result.Answer.Answer);
        Assert.True(result.Answer.Found);
    }

    [Fact]
    public async Task Without_a_cap_request_the_model_loops_but_the_default_cap_still_holds()
    {
        var model = new CallbackChatClient((messages, n) => n < 50
            ? CallbackChatClient.ToolCalls(AgentTestKit.Call($"s{n}", AgentTestKit.SearchTool, new() { ["query"] = "refund" }))
            : CallbackChatClient.Text("never"));

        var result = await _kit.Agent().RunAsync(AgentTestKit.Kernel(model), new AgentRequest("refund?") { MaxSteps = 100 }, CancellationToken.None);

        // A request cannot raise the configured cap (5): 5 rounds ran, the 6th was refused, then one request without tools.
        Assert.True(result.StepLimitReached);
        Assert.Equal(5, result.ToolCalls.Count(c => c.Ok));
        Assert.Equal(7, model.Calls.Count);
    }

    [Fact]
    public async Task Text_and_tool_events_arrive_in_the_order_they_happen()
    {
        var events = new List<AgentEvent>();
        var model = new CallbackChatClient((messages, n) => n switch
        {
            0 => [.. CallbackChatClient.Text("Let me look. "), .. CallbackChatClient.ToolCalls(AgentTestKit.Call("c1", AgentTestKit.SearchTool, new() { ["query"] = "refund" }))],
            _ => CallbackChatClient.Text("Within 30 days", " [1]."),
        });

        var result = await _kit.Agent().RunAsync(AgentTestKit.Kernel(model), new AgentRequest("refund?") { OnEvent = events.Add }, CancellationToken.None);

        Assert.Collection(events,
            e => Assert.Equal(new AgentTextDelta("Let me look. "), e),
            e => Assert.Equal("search_documents", Assert.IsType<AgentToolStarted>(e).Name),
            e => Assert.True(Assert.IsType<AgentToolCompleted>(e).Call.Ok),
            e => Assert.Equal(new AgentTextDelta("Within 30 days"), e),
            e => Assert.Equal(new AgentTextDelta(" [1]."), e));
        Assert.Contains("\"query\":\"refund\"", ((AgentToolStarted)events[1]).Arguments);
        Assert.Equal("Let me look. Within 30 days [1].", result.Answer.Answer);
        Assert.NotNull(result.Answer.TimeToFirstTokenMs);
    }

    [Theory]
    [InlineData("{\"query\":\"refund\",\"top\":50}", "argument 'top'")]
    [InlineData("{\"query\":\"refund\",\"top\":\"many\"}", "argument 'top' must be a whole number")]
    [InlineData("{\"top\":3}", "argument 'query' is required")]
    [InlineData("{\"query\":\"refund\",\"language\":\"fr\"}", "argument 'language'")]
    [InlineData("{\"query\":\"refund\",\"path\":\"/etc\"}", "unknown argument 'path'")]
    public async Task Invalid_arguments_are_refused_naming_the_argument_and_the_search_does_not_run(string arguments, string expected)
    {
        var args = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(arguments)!.ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
        var model = new CallbackChatClient((messages, n) => n switch
        {
            0 => CallbackChatClient.ToolCalls(AgentTestKit.Call("c1", AgentTestKit.SearchTool, args)),
            _ => CallbackChatClient.Text("ok"),
        });

        var result = await _kit.Agent().RunAsync(AgentTestKit.Kernel(model), new AgentRequest("refund?"), CancellationToken.None);

        var call = Assert.Single(result.ToolCalls);
        Assert.False(call.Ok);
        Assert.Contains(expected, call.Error);
        Assert.Empty(result.Answer.Sources);
        var toolText = AgentTestKit.ToolResult(model.Calls[1].Messages, "c1")!;
        Assert.StartsWith("Error: invalid arguments for search_documents: ", toolText);
        Assert.Contains(expected, toolText);
    }

    [Fact]
    public async Task A_number_sent_as_a_string_is_accepted()
    {
        var model = new CallbackChatClient((messages, n) => n switch
        {
            0 => CallbackChatClient.ToolCalls(AgentTestKit.Call("c1", AgentTestKit.SearchTool, new() { ["query"] = "refund", ["top"] = "2" })),
            _ => CallbackChatClient.Text("ok"),
        });

        var result = await _kit.Agent().RunAsync(AgentTestKit.Kernel(model), new AgentRequest("refund?"), CancellationToken.None);

        Assert.True(Assert.Single(result.ToolCalls).Ok);
    }

    [Fact]
    public async Task Source_and_language_narrow_the_search()
    {
        var model = new CallbackChatClient((messages, n) => n switch
        {
            0 => CallbackChatClient.ToolCalls(
                AgentTestKit.Call("ko", AgentTestKit.SearchTool, new() { ["query"] = "요금제 plans refund logs", ["language"] = "ko" }),
                AgentTestKit.Call("src", AgentTestKit.SearchTool, new() { ["query"] = "logs refunds", ["source"] = "refunds.md" })),
            _ => CallbackChatClient.Text("ok"),
        });

        await _kit.Agent().RunAsync(AgentTestKit.Kernel(model), new AgentRequest("plans?"), CancellationToken.None);

        var ko = AgentTestKit.ToolResult(model.Calls[1].Messages, "ko")!;
        Assert.Contains("plans-ko.md", ko);
        Assert.DoesNotContain("sync.md", ko);
        var src = AgentTestKit.ToolResult(model.Calls[1].Messages, "src")!;
        Assert.Contains("refunds.md", src);
        Assert.DoesNotContain("sync.md", src);
    }

    [Fact]
    public async Task History_goes_between_the_system_message_and_the_question()
    {
        var model = new CallbackChatClient((messages, n) => CallbackChatClient.Text("ok"));

        await _kit.Agent().RunAsync(AgentTestKit.Kernel(model), new AgentRequest("and for monthly plans?")
        {
            History = [new ChatMessage(ChatRole.User, "How do refunds work?"), new ChatMessage(ChatRole.Assistant, "Within 30 days [1].")],
        }, CancellationToken.None);

        var sent = Assert.Single(model.Calls).Messages;
        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.User], sent.Select(m => m.Role));
        Assert.Contains("Question: and for monthly plans?", sent[^1].Text);
        Assert.Contains("(none yet: search the documents)", sent[^1].Text);
        Assert.Contains("Tools you may call: search_documents.", sent[0].Text);
        Assert.Contains("Answer in English", sent[0].Text);
    }
}
