using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Server;

/// <summary>Conversations over the real server without a model (extractive answers): contract, keys, isolation, feedback, escalation.</summary>
public sealed class ConversationsApiTests : IAsyncLifetime, IDisposable
{
    private readonly ServerFactory _server = new();

    public Task InitializeAsync() => KnowledgeBaseIsolation.SeedAsync(_server);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task A_message_gets_the_json_reply_with_sources_and_citations()
    {
        var client = _server.ClientFor(TestKeys.Client);
        var created = await client.PostAsync("/api/conversations", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal($"/api/conversations/{id}", created.Headers.Location?.OriginalString);

        var reply = await ConversationClient.SendAsync(client, id, KnowledgeBaseIsolation.Question);
        Assert.Equal(1, reply.GetProperty("messageId").GetInt32());
        Assert.Contains("two years", reply.GetProperty("answer").GetString());
        Assert.Equal("extractive", reply.GetProperty("mode").GetString());
        Assert.True(reply.GetProperty("found").GetBoolean());
        var source = reply.GetProperty("sources")[0];
        Assert.Equal(1, source.GetProperty("n").GetInt32());
        Assert.Equal("default-warranty.md", source.GetProperty("source").GetString());
        Assert.Equal("Blender warranty", source.GetProperty("section").GetString());
        Assert.Equal(JsonValueKind.Null, source.GetProperty("page").ValueKind);
        Assert.Contains("two years", source.GetProperty("text").GetString());
        Assert.All(reply.GetProperty("citations").EnumerateArray(), c => Assert.True(c.TryGetProperty("supported", out _)));
        Assert.True(reply.GetProperty("citations").GetArrayLength() >= 1);
        Assert.False(reply.GetProperty("escalate").GetBoolean());
        Assert.Equal(JsonValueKind.Null, reply.GetProperty("escalationReason").ValueKind);

        // A follow-up is the second message; the conversation reads back with both.
        var second = await ConversationClient.SendAsync(client, id, "and how do I register it?");
        Assert.Equal(2, second.GetProperty("messageId").GetInt32());
        var conversation = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");
        Assert.Equal(id, conversation.GetProperty("id").GetString());
        Assert.Equal("default", conversation.GetProperty("knowledgeBase").GetString());
        var messages = conversation.GetProperty("messages");
        Assert.Equal(2, messages.GetArrayLength());
        Assert.Equal(KnowledgeBaseIsolation.Question, messages[0].GetProperty("content").GetString());
        Assert.Equal(reply.GetProperty("answer").GetString(), messages[0].GetProperty("reply").GetProperty("answer").GetString());
        Assert.Equal(2, messages[1].GetProperty("reply").GetProperty("messageId").GetInt32());
    }

    [Fact]
    public async Task Without_a_model_the_stream_has_sources_then_done_with_the_json_reply()
    {
        var client = _server.ClientFor(TestKeys.Client);
        var id = await ConversationClient.CreateAsync(client);
        var (response, events) = await ConversationClient.StreamAsync(client, id, KnowledgeBaseIsolation.Question);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["sources", "done"], events.Where(e => e.Name != "token").Select(e => e.Name));
        var done = events[^1].Data;
        Assert.Equal(1, done.GetProperty("messageId").GetInt32());
        Assert.Contains("two years", done.GetProperty("answer").GetString());
        Assert.Equal(done.GetProperty("sources").GetRawText(), events.Single(e => e.Name == "sources").Data.GetRawText());
    }

    [Fact]
    public Task Replies_come_only_from_the_keys_knowledge_base() =>
        KnowledgeBaseIsolation.AssertIsolatedAsync(_server, async (client, question) =>
        {
            var id = await ConversationClient.CreateAsync(client);
            var reply = await ConversationClient.SendAsync(client, id, question);
            var (_, events) = await ConversationClient.StreamAsync(client, id, question);
            return reply.GetRawText() + string.Join("\n", events.Select(e => e.Data.GetRawText()));
        });

    [Fact]
    public async Task Another_key_or_knowledge_base_cannot_see_or_use_a_conversation()
    {
        var owner = _server.ClientFor(TestKeys.Client);
        var id = await ConversationClient.CreateAsync(owner);
        await ConversationClient.SendAsync(owner, id, KnowledgeBaseIsolation.Question);

        foreach (var other in new[] { TestKeys.AcmeClient, TestKeys.Admin, TestKeys.AcmeAdmin })
        {
            var client = _server.ClientFor(other);
            await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/conversations/{id}"), HttpStatusCode.NotFound);
            await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"/api/conversations/{id}/messages", new { content = "hello" }), HttpStatusCode.NotFound);
            await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"/api/conversations/{id}/feedback", new { messageId = 1, rating = "down" }), HttpStatusCode.NotFound);
        }

        await ProblemAssert.IsProblemAsync(await owner.GetAsync("/api/conversations/nope"), HttpStatusCode.NotFound);
        Assert.Single((await owner.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}")).GetProperty("messages").EnumerateArray());
    }

    [Fact]
    public async Task Keys_and_roles_are_enforced()
    {
        await ProblemAssert.IsProblemAsync(await _server.CreateClient().PostAsync("/api/conversations", null), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await _server.ClientFor(TestKeys.Widget).PostAsync("/api/conversations", null), HttpStatusCode.Forbidden);
        var widget = _server.ClientFor(TestKeys.Widget, origin: ServerFactory.WidgetOrigin);
        var id = await ConversationClient.CreateAsync(widget);
        Assert.True((await ConversationClient.SendAsync(widget, id, KnowledgeBaseIsolation.Question)).GetProperty("found").GetBoolean());

        foreach (var path in new[] { "/api/feedback", "/api/escalations" })
        {
            await ProblemAssert.IsProblemAsync(await _server.ClientFor(TestKeys.Client).GetAsync(path), HttpStatusCode.Forbidden);
            await ProblemAssert.IsProblemAsync(await widget.GetAsync(path), HttpStatusCode.Forbidden);
            Assert.Equal(HttpStatusCode.OK, (await _server.ClientFor(TestKeys.Admin).GetAsync(path)).StatusCode);
        }
    }

    [Fact]
    public async Task Bad_messages_are_refused_with_problems()
    {
        var client = _server.ClientFor(TestKeys.Client);
        var id = await ConversationClient.CreateAsync(client);
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"/api/conversations/{id}/messages", new { content = "  " }), HttpStatusCode.BadRequest);
        var tooLong = new string('a', 8001);
        var problem = await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"/api/conversations/{id}/messages", new { content = tooLong }), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("content", problem.GetProperty("argument").GetString());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}")).GetProperty("messages").EnumerateArray());
    }

    [Fact]
    public async Task Feedback_is_stored_per_reply_and_listed_for_the_admin_of_that_base_only()
    {
        var client = _server.ClientFor(TestKeys.Client);
        var id = await ConversationClient.CreateAsync(client);
        await ConversationClient.SendAsync(client, id, KnowledgeBaseIsolation.Question);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/conversations/{id}/feedback", new { messageId = 1, rating = "down", comment = "too short" })).StatusCode);
        // A second vote on the same reply replaces the first.
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/conversations/{id}/feedback", new { messageId = 1, rating = "up", comment = "helpful" })).StatusCode);
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"/api/conversations/{id}/feedback", new { messageId = 1, rating = "meh" }), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"/api/conversations/{id}/feedback", new { messageId = 9, rating = "up" }), HttpStatusCode.NotFound);

        var feedback = await _server.ClientFor(TestKeys.Admin).GetFromJsonAsync<JsonElement>("/api/feedback");
        var item = Assert.Single(feedback.EnumerateArray());
        Assert.Equal(id, item.GetProperty("conversationId").GetString());
        Assert.Equal(1, item.GetProperty("messageId").GetInt32());
        Assert.Equal("up", item.GetProperty("rating").GetString());
        Assert.Equal("helpful", item.GetProperty("comment").GetString());
        Assert.Equal(TestKeys.Client, item.GetProperty("key").GetString());
        Assert.Empty((await _server.ClientFor(TestKeys.AcmeAdmin).GetFromJsonAsync<JsonElement>("/api/feedback")).EnumerateArray());
    }

    [Theory]
    [InlineData("I want to talk to a human agent", "person-requested")]
    [InlineData("상담원 연결해 주세요", "person-requested")]
    [InlineData("This is terrible. The worst service ever, I am furious and very disappointed.", "negative-sentiment")]
    [InlineData("정말 최악이에요. 너무 화가 나고 실망스러워요.", "negative-sentiment")]
    [InlineData("xylophone quantum spaghetti", "not-found")]
    [InlineData("볼펜 잉크 리필 방법", "not-found")]
    public async Task Each_escalation_rule_flags_the_reply_and_lists_it_until_resolved(string message, string reason)
    {
        var client = _server.ClientFor(TestKeys.Client);
        var id = await ConversationClient.CreateAsync(client);
        var reply = await ConversationClient.SendAsync(client, id, message);
        Assert.True(reply.GetProperty("escalate").GetBoolean(), reply.GetRawText());
        Assert.Equal(reason, reply.GetProperty("escalationReason").GetString());
        var read = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");
        Assert.Equal(reason, read.GetProperty("messages")[0].GetProperty("reply").GetProperty("escalationReason").GetString());

        var admin = _server.ClientFor(TestKeys.Admin);
        var open = Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/escalations")).EnumerateArray());
        Assert.Equal(id, open.GetProperty("conversationId").GetString());
        Assert.Equal(reason, open.GetProperty("reason").GetString());
        Assert.Equal(message, open.GetProperty("message").GetString());
        Assert.Empty((await _server.ClientFor(TestKeys.AcmeAdmin).GetFromJsonAsync<JsonElement>("/api/escalations")).EnumerateArray());
        await ProblemAssert.IsProblemAsync(await _server.ClientFor(TestKeys.AcmeAdmin).PostAsync($"/api/escalations/{id}/resolve", null), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/escalations/{id}/resolve", null)).StatusCode);
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("/api/escalations")).EnumerateArray());
    }

    [Fact]
    public async Task The_openapi_document_lists_the_conversation_endpoints()
    {
        var paths = (await _server.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");
        foreach (var (path, method) in new[]
        {
            ("/api/conversations", "post"), ("/api/conversations/{id}", "get"), ("/api/conversations/{id}/messages", "post"),
            ("/api/conversations/{id}/feedback", "post"), ("/api/feedback", "get"), ("/api/escalations", "get"), ("/api/escalations/{conversationId}/resolve", "post"),
        })
        {
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _), $"{method} {path}");
        }

        var send = paths.GetProperty("/api/conversations/{id}/messages").GetProperty("post").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(send.TryGetProperty("text/event-stream", out _));
    }
}
