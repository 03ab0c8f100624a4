using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assistant.Tests.TestSupport;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Models;

namespace Assistant.Tests.Server;

/// <summary>
/// The OpenAI-compatible endpoint driven by the official OpenAI .NET SDK over the in-memory server (non-streaming,
/// streaming, models list), plus raw HTTP for what the SDK does not show: the <c>sources</c> extension, SSE framing,
/// error shape and knowledge-base isolation. The model is a fake Ollama on loopback (profile "local").
/// </summary>
public sealed class OpenAiApiTests : IAsyncLifetime, IDisposable
{
    private const string Answer = "The warranty period for the blender is two years [1].";

    private readonly FakeOllamaChat _ollama = new(Reply);
    private readonly ServerFactory _server;

    public OpenAiApiTests()
    {
        _server = new ServerFactory(s =>
        {
            s["Models:Profiles:local:Provider"] = "ollama";
            s["Models:Profiles:local:Model"] = "llama3.1";
            s["Models:Profiles:local:Endpoint"] = _ollama.BaseAddress.ToString();
            s["Models:Profiles:local:MaxRetries"] = "0";
        });
    }

    public Task InitializeAsync() => KnowledgeBaseIsolation.SeedAsync(_server);

    public async Task DisposeAsync() => await _ollama.DisposeAsync();

    public void Dispose() => _server.Dispose();

    /// <summary>The grounded answer for answer prompts; the follow-up condenser gets a standalone question.</summary>
    private static string Reply(JsonArray messages)
    {
        var all = messages.ToJsonString();
        return all.Contains("standalone", StringComparison.OrdinalIgnoreCase) && !all.Contains("Registration code", StringComparison.Ordinal)
            ? "What is the registration code of the blender warranty?"
            : Answer;
    }

    private OpenAIClientOptions SdkOptions(string key = TestKeys.Client) => new()
    {
        Endpoint = new Uri(_server.Server.BaseAddress, "/v1"),
        Transport = new HttpClientPipelineTransport(_server.CreateClient()),
    };

    private ChatClient Sdk(string model, string key = TestKeys.Client) => new(model, new ApiKeyCredential(TestKeys.Secret(key)), SdkOptions(key));

    private static JsonObject Body(string model, bool stream, params (string Role, string Content)[] messages) => new()
    {
        ["model"] = model,
        ["stream"] = stream,
        ["messages"] = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content })]),
    };

    [Fact]
    public async Task Sdk_completes_a_chat_with_the_model_and_usage()
    {
        ChatCompletion completion = await Sdk("local").CompleteChatAsync([new SystemChatMessage("Ignored."), new UserChatMessage(KnowledgeBaseIsolation.Question + "?")]);

        Assert.Equal(Answer, completion.Content.Single().Text);
        Assert.Equal("local", completion.Model);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.StartsWith("chatcmpl-", completion.Id);
        Assert.Equal(100, completion.Usage.InputTokenCount);     // the fake Ollama's prompt_eval_count
        Assert.Equal(20, completion.Usage.OutputTokenCount);
        Assert.Equal(120, completion.Usage.TotalTokenCount);
        var prompt = _ollama.ChatMessages.Last().ToJsonString();
        Assert.Contains(KnowledgeBaseIsolation.DefaultMarker, prompt);   // retrieval from the key's base reached the model
        Assert.DoesNotContain("Ignored.", prompt);                       // the caller's system message does not replace the bot's
    }

    [Fact]
    public async Task Sdk_streams_a_chat_and_gets_usage_at_the_end()
    {
        StringBuilder text = new();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        string? model = null;
        await foreach (var update in Sdk("local").CompleteChatStreamingAsync([new UserChatMessage(KnowledgeBaseIsolation.Question + "?")]))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            finish ??= update.FinishReason;
            usage ??= update.Usage;
            model = update.Model;
        }

        Assert.Equal(Answer, text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.Equal(120, usage?.TotalTokenCount);
        Assert.Equal("local", model);
    }

    [Fact]
    public async Task Sdk_gets_an_extractive_answer_without_a_model()
    {
        ChatCompletion completion = await Sdk("extractive").CompleteChatAsync([new UserChatMessage(KnowledgeBaseIsolation.Question + "?")]);

        Assert.Equal("extractive", completion.Model);
        Assert.Contains("two years", completion.Content.Single().Text, StringComparison.OrdinalIgnoreCase);
        Assert.True(completion.Usage.OutputTokenCount > 0);   // estimated (o200k): no model reported any
        Assert.Empty(_ollama.ChatMessages);
    }

    [Fact]
    public async Task Sdk_lists_the_models_default_the_chat_profiles_and_extractive()
    {
        var models = new OpenAIModelClient(new ApiKeyCredential(TestKeys.Secret(TestKeys.Client)), SdkOptions());
        var ids = (await models.GetModelsAsync()).Value.Select(m => m.Id).ToList();

        Assert.Equal("default", ids[0]);
        Assert.Equal("extractive", ids[^1]);
        Assert.Contains("local", ids);
        Assert.DoesNotContain("ollama-nomic", ids);   // embedding profiles cannot chat
    }

    [Fact]
    public async Task Sdk_sees_an_unknown_model_as_a_404()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Sdk("gpt-9").CompleteChatAsync([new UserChatMessage("hello")]));
        Assert.Equal(404, error.Status);
        Assert.Contains("gpt-9", error.Message);
    }

    [Fact]
    public async Task Completion_carries_sources_and_checked_citations()
    {
        var response = await _server.ClientFor(TestKeys.Client).PostAsJsonAsync("/v1/chat/completions", Body("local", false, ("user", KnowledgeBaseIsolation.Question + "?")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var completion = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("chat.completion", (string?)completion["object"]);
        Assert.Equal(Answer, (string?)completion["choices"]![0]!["message"]!["content"]);
        var source = completion["sources"]!.AsArray()[0]!.AsObject();
        Assert.Equal(["n", "source", "section", "page", "text", "url"], source.Select(p => p.Key));   // page and url are null here, but present
        Assert.Equal(1, (int)source["n"]!);
        Assert.Equal("default-warranty.md", (string?)source["source"]);   // the upload's name, never the server's folder
        Assert.Contains(KnowledgeBaseIsolation.DefaultMarker, (string?)source["text"]);
        Assert.Equal("Blender warranty", (string?)source["section"]);
        var citation = completion["citations"]!.AsArray().Single()!;
        Assert.Equal(1, (int)citation["n"]!);
        Assert.True((bool)citation["supported"]!);
    }

    [Fact]
    public async Task Stream_is_framed_as_server_sent_events_with_sources_last_then_done()
    {
        var response = await _server.ClientFor(TestKeys.Client).PostAsJsonAsync("/v1/chat/completions", Body("extractive", true, ("user", KnowledgeBaseIsolation.Question + "?")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var raw = await response.Content.ReadAsStringAsync();

        Assert.EndsWith("\n\ndata: [DONE]\n\n", raw);
        var events = raw.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e));
        Assert.All(events, e => Assert.DoesNotContain('\n', e));   // one data line per event
        var chunks = events[..^1].Select(e => JsonNode.Parse(e["data: ".Length..])!).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", (string?)c["object"]));
        Assert.Single(chunks.Select(c => (string?)c["id"]).Distinct());
        Assert.Equal("assistant", (string?)chunks[0]["choices"]![0]!["delta"]!["role"]);
        Assert.Equal("stop", (string?)chunks[^2]["choices"]![0]!["finish_reason"]);

        var last = chunks[^1];
        Assert.Empty(last["choices"]!.AsArray());
        Assert.Equal("extractive", (string?)last["model"]);
        Assert.True((int)last["usage"]!["total_tokens"]! > 0);
        var source = last["sources"]!.AsArray()[0]!;
        Assert.Equal("default-warranty.md", (string?)source["source"]);
        Assert.Contains(KnowledgeBaseIsolation.DefaultMarker, (string?)source["text"]);
        Assert.All(chunks[..^1], c => Assert.Null(c["sources"]));
        var text = string.Concat(chunks.SelectMany(c => c["choices"]!.AsArray()).Select(c => (string?)c!["delta"]!["content"]));
        Assert.Contains("two years", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Earlier_messages_become_the_history_the_pipeline_condenses()
    {
        var body = Body("local", false,
            ("user", KnowledgeBaseIsolation.Question + "?"),
            ("assistant", "Two years [1]."),
            ("user", "And what is its registration code?"));
        var response = await _server.ClientFor(TestKeys.Client).PostAsJsonAsync("/v1/chat/completions", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The follow-up went to the model with the earlier turn, and the answer prompt still got the key's passages.
        var calls = _ollama.ChatMessages.Select(m => m.ToJsonString()).ToList();
        Assert.Contains(calls, c => c.Contains("Assistant: Two years.", StringComparison.Ordinal));   // fenced, its [n] dropped
        Assert.Contains(calls, c => c.Contains(KnowledgeBaseIsolation.DefaultMarker, StringComparison.Ordinal));
    }

    [Fact]
    public Task Each_key_gets_answers_from_its_own_knowledge_base_only() =>
        KnowledgeBaseIsolation.AssertIsolatedAsync(_server, async (client, question) =>
        {
            var response = await client.PostAsJsonAsync("/v1/chat/completions", Body("extractive", false, ("user", question)));
            return await response.Content.ReadAsStringAsync();
        });

    [Fact]
    public async Task Errors_use_the_openai_shape_and_keys_are_required()
    {
        var client = _server.ClientFor(TestKeys.Client);
        var unknown = await client.PostAsJsonAsync("/v1/chat/completions", Body("gpt-9", false, ("user", "hi")));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var error = JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("model_not_found", (string?)error["code"]);
        Assert.Equal("invalid_request_error", (string?)error["type"]);
        Assert.Contains("extractive", (string?)error["message"]);

        var lastNotUser = await client.PostAsJsonAsync("/v1/chat/completions", Body("extractive", false, ("user", "hi"), ("assistant", "hello")));
        Assert.Equal(HttpStatusCode.BadRequest, lastNotUser.StatusCode);
        Assert.Equal("messages[1]", (string?)JsonNode.Parse(await lastNotUser.Content.ReadAsStringAsync())!["error"]!["param"]);

        var tooLong = await client.PostAsJsonAsync("/v1/chat/completions", Body("extractive", false, ("user", new string('a', 20_000))));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLong.StatusCode);

        var anonymous = await _server.CreateClient().GetAsync("/v1/models");
        await ProblemAssert.IsProblemAsync(anonymous, HttpStatusCode.Unauthorized);
    }
}
