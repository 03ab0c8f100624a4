using System.Net;
using System.Text.Json;
using Assistant.Core.Agents;
using Assistant.Tests.Models;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Agents;

/// <summary>
/// One tool round trip over the wire: the real OpenAI connector (the profile factory's pipeline) against a loopback
/// server speaking OpenAI's streaming chat completions. The first response asks for search_documents; the second answers.
/// </summary>
public sealed class DocumentAgentLoopbackTests : IAsyncLifetime
{
    private readonly AgentTestKit _kit = new();

    public async Task InitializeAsync() => await _kit.IngestAsync();

    public Task DisposeAsync()
    {
        _kit.Dispose();
        return Task.CompletedTask;
    }

    private static string Chunk(string delta, string? finish = null) =>
        $$"""data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1727346182,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{{delta}},"logprobs":null,"finish_reason":{{(finish is null ? "null" : $"\"{finish}\"")}}}]}""" + "\n\n";

    private static string Usage(int prompt, int completion) =>
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1727346182,\"model\":\"gpt-4o-2024-08-06\",\"choices\":[],"
        + $"\"usage\":{{\"prompt_tokens\":{prompt},\"completion_tokens\":{completion},\"total_tokens\":{prompt + completion}}}}}\n\n";

    private static readonly string ToolCallStream =
        Chunk("""{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"Documents_search_documents","arguments":""}}]}""")
        + Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"{\"query\":\"sync"}}]}""")
        + Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":" logs\",\"top\":2}"}}]}""")
        + Chunk("{}", "tool_calls") + Usage(120, 20) + "data: [DONE]\n\n";

    private static readonly string AnswerStream =
        Chunk("""{"role":"assistant","content":"Sync logs are in ~/.nimbus/logs"}""")
        + Chunk("""{"content":" [1]."}""")
        + Chunk("{}", "stop") + Usage(300, 12) + "data: [DONE]\n\n";

    [Fact]
    public async Task The_tool_is_sent_as_a_function_and_its_fenced_result_goes_back_as_a_tool_message()
    {
        var turn = 0;
        await using var server = new LoopbackHttpServer((request, response) =>
            LoopbackHttpServer.WriteChunkedAsync(response, Interlocked.Increment(ref turn) == 1 ? ToolCallStream : AnswerStream, 37, "text/event-stream"));
        var models = new ModelTestKit().Profile("gpt", "openai", new Uri(server.BaseAddress, "v1/"), "gpt-4o-2024-08-06");
        using var chat = models.Factory().CreateChatClient("gpt");
        var events = new List<AgentEvent>();

        var result = await _kit.Agent().RunAsync(AgentTestKit.Kernel(chat), new AgentRequest("Where are the sync logs?") { OnEvent = events.Add }, CancellationToken.None);

        Assert.Equal(2, server.Requests.Count);
        var first = ModelTestKit.Body(server.Requests[0]);
        var tool = Assert.Single(first.GetProperty("tools").EnumerateArray());
        Assert.Equal("function", tool.GetProperty("type").GetString());
        var function = tool.GetProperty("function");
        Assert.Equal("Documents_search_documents", function.GetProperty("name").GetString());
        Assert.StartsWith("Searches the user's documents", function.GetProperty("description").GetString());
        var parameters = function.GetProperty("parameters");
        Assert.Equal(["query"], parameters.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("integer", parameters.GetProperty("properties").GetProperty("top").GetProperty("type").GetString());
        Assert.Equal(["system", "user"], first.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(0.1, first.GetProperty("temperature").GetDouble(), 3);

        var second = ModelTestKit.Body(server.Requests[1]).GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["system", "user", "assistant", "tool"], second.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("call_1", second[2].GetProperty("tool_calls")[0].GetProperty("id").GetString());
        Assert.Equal("call_1", second[3].GetProperty("tool_call_id").GetString());
        var toolContent = second[3].GetProperty("content").GetString()!;
        Assert.Matches("^<passage-[0-9a-f]{16} id=\"1\" source=\"sync.md\" section=\"Sync &gt; Logs\">", toolContent);

        Assert.Equal("Sync logs are in ~/.nimbus/logs [1].", result.Answer.Answer);
        Assert.True(result.Answer.Found);
        Assert.Equal("gpt-4o-2024-08-06", result.Answer.Model);
        Assert.Equal((420L, 32L), (result.Answer.Usage!.InputTokens, result.Answer.Usage.OutputTokens));
        var call = Assert.Single(result.ToolCalls);
        Assert.Equal(("search_documents", true), (call.Name, call.Ok));
        Assert.Equal(2, JsonDocument.Parse(call.Arguments).RootElement.GetProperty("top").GetInt32());
        Assert.IsType<AgentToolStarted>(events[0]);
        Assert.IsType<AgentToolCompleted>(events[1]);
        Assert.IsType<AgentTextDelta>(events[2]);
    }
}
