using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assistant.Core.Answering;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Tests.Server;

/// <summary>Token streaming from a (scripted) model, and conversations, feedback and escalations surviving a restart.</summary>
public sealed class ConversationsPersistenceAndStreamingTests
{
    private static readonly string[] Pieces = ["The warranty period ", "for the blender is ", "two years [1]."];

    [Fact]
    public async Task With_a_model_each_piece_is_a_token_event_before_sources_and_done()
    {
        var models = new List<ScriptedChatClient>();
        using var server = new ServerFactory(services: s => s.AddSingleton<IChatModelSelector>(new ScriptedSelector(models)));
        await KnowledgeBaseIsolation.SeedAsync(server);
        var client = server.ClientFor(TestKeys.Client);
        var id = await ConversationClient.CreateAsync(client);

        var (response, events) = await ConversationClient.StreamAsync(client, id, KnowledgeBaseIsolation.Question);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        var tokens = events.TakeWhile(e => e.Name == "token").ToList();
        Assert.Equal(Pieces, tokens.Select(t => t.Data.GetProperty("text").GetString()));
        Assert.Equal(["sources", "done"], events.Skip(tokens.Count).Select(e => e.Name));

        var done = events[^1].Data;
        Assert.Equal("generative", done.GetProperty("mode").GetString());
        Assert.Equal(string.Concat(Pieces), done.GetProperty("answer").GetString());
        Assert.Equal(1, done.GetProperty("citations")[0].GetProperty("n").GetInt32());
        Assert.True(done.GetProperty("citations")[0].GetProperty("supported").GetBoolean());
        Assert.Equal("default-warranty.md", events[^2].Data[0].GetProperty("source").GetString());

        // The passages went to the model fenced as data, from the key's own base only.
        var prompt = string.Join("\n", models.SelectMany(m => m.Calls).SelectMany(c => c.Messages).Select(m => m.Text));
        Assert.Contains(KnowledgeBaseIsolation.DefaultMarker, prompt);
        Assert.DoesNotContain(KnowledgeBaseIsolation.AcmeMarker, prompt);
    }

    [Fact]
    public async Task A_model_failure_mid_stream_is_an_error_event_and_a_502_in_json()
    {
        using var server = new ServerFactory(services: s => s.AddSingleton<IChatModelSelector>(new ScriptedSelector([], fail: true)));
        await KnowledgeBaseIsolation.SeedAsync(server);
        var client = server.ClientFor(TestKeys.Client);
        var id = await ConversationClient.CreateAsync(client);

        var (_, events) = await ConversationClient.StreamAsync(client, id, KnowledgeBaseIsolation.Question);
        var error = Assert.Single(events);
        Assert.Equal("error", error.Name);
        Assert.Equal(502, error.Data.GetProperty("status").GetInt32());
        Assert.DoesNotContain("   at ", error.Data.GetRawText());

        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"/api/conversations/{id}/messages", new { content = KnowledgeBaseIsolation.Question }), HttpStatusCode.BadGateway);
    }

    [Fact]
    public async Task Conversations_feedback_and_escalations_survive_a_restart()
    {
        using var dir = new TempDir();
        void SameData(Dictionary<string, string?> s)
        {
            s["DataDirectory"] = dir.Combine("data");
            s["KnowledgeBases:acme:DataDirectory"] = dir.Combine("acme");
        }

        string id;
        using (var first = new ServerFactory(SameData))
        {
            await KnowledgeBaseIsolation.SeedAsync(first);
            var client = first.ClientFor(TestKeys.Client);
            id = await ConversationClient.CreateAsync(client);
            Assert.True((await ConversationClient.SendAsync(client, id, "let me talk to a real person")).GetProperty("escalate").GetBoolean());
            Assert.False((await ConversationClient.SendAsync(client, id, KnowledgeBaseIsolation.Question)).GetProperty("escalate").GetBoolean());
            Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/conversations/{id}/feedback", new { messageId = 2, rating = "up" })).StatusCode);
        }

        using var second = new ServerFactory(SameData);
        var again = second.ClientFor(TestKeys.Client);
        var conversation = await again.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");
        var messages = conversation.GetProperty("messages");
        Assert.Equal(2, messages.GetArrayLength());
        Assert.Equal("person-requested", messages[0].GetProperty("reply").GetProperty("escalationReason").GetString());
        Assert.Contains("two years", messages[1].GetProperty("reply").GetProperty("answer").GetString());

        // A follow-up that only makes sense with the turn before the restart: it is searched with that turn's words
        // (read back from sessions.db), finds the warranty passage, and needs no person.
        const string followUp = "and how long is it?";
        var reply = await ConversationClient.SendAsync(again, id, followUp);
        Assert.Equal(3, reply.GetProperty("messageId").GetInt32());
        Assert.True(reply.GetProperty("found").GetBoolean(), reply.GetRawText());
        Assert.False(reply.GetProperty("escalate").GetBoolean(), reply.GetRawText());
        Assert.Contains("two years", reply.GetProperty("answer").GetString());
        Assert.Equal("default-warranty.md", reply.GetProperty("sources")[0].GetProperty("source").GetString());
        var sessions = new Assistant.Core.Conversations.Sessions.SessionStore(Path.Combine(dir.Combine("data"), "sessions.db"));
        var stored = await sessions.TurnsAsync((await sessions.FindAsync("support-" + id, CancellationToken.None))!.Id, CancellationToken.None);
        Assert.Equal(KnowledgeBaseIsolation.Question, stored[1].StandaloneQuestion);
        Assert.StartsWith(followUp + " ", stored[2].StandaloneQuestion);
        Assert.Contains("warranty", stored[2].StandaloneQuestion);
        Assert.Contains("blender", stored[2].StandaloneQuestion);
        Assert.DoesNotContain("person", stored[2].StandaloneQuestion);

        var admin = second.ClientFor(TestKeys.Admin);
        Assert.Equal("up", Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/feedback")).EnumerateArray()).GetProperty("rating").GetString());
        var escalations = await admin.GetStringAsync("/api/escalations");
        Assert.Contains(JsonDocument.Parse(escalations).RootElement.EnumerateArray(), e =>
            e.GetProperty("conversationId").GetString() == id && e.GetProperty("messageId").GetInt32() == 1 && e.GetProperty("reason").GetString() == "person-requested");
        Assert.True(File.Exists(Path.Combine(dir.Combine("data"), "support.db")));
        Assert.True(File.Exists(Path.Combine(dir.Combine("data"), "sessions.db")));
        await ProblemAssert.IsProblemAsync(await second.ClientFor(TestKeys.AcmeClient).GetAsync($"/api/conversations/{id}"), HttpStatusCode.NotFound);
    }

    /// <summary>A fresh scripted model per question (the pipeline disposes each), streaming <see cref="Pieces"/>; or one that fails.</summary>
    private sealed class ScriptedSelector(List<ScriptedChatClient> made, bool fail = false) : IChatModelSelector
    {
        public Task<ChatSelection> SelectAsync(string? requested, CancellationToken cancellationToken)
        {
            var model = new ScriptedChatClient(ScriptedChatClient.Text(Pieces, model: "scripted-model"))
            {
                Throw = fail ? new Assistant.Core.Models.ModelException(Assistant.Core.Models.ModelErrorKind.Unauthorized, "the model server refused the request") : null,
            };
            lock (made) made.Add(model);
            return Task.FromResult(new ChatSelection(new SelectedChat("scripted", model), null));
        }
    }
}
