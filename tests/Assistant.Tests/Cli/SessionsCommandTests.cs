using System.Text.Json.Nodes;
using Assistant.Tests.Server;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

/// <summary>
/// `assistant sessions` over a data folder the support server also uses: the server's conversations are stored as
/// sessions in the same file, but the console lists only its own unless asked for all.
/// </summary>
public sealed class SessionsCommandTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    private Dictionary<string, string?> Environment() => new() { ["ASSISTANT_DATA"] = _server.Dir.Combine("data") };

    private Task<CliResult> Run(params string[] args) => CliProcess.RunAsync(_server.Dir.Path, Environment(), args);

    [Fact]
    public async Task The_servers_support_conversations_are_hidden_from_sessions_list_unless_all_and_show_still_reads_them()
    {
        var client = _server.ClientFor(TestKeys.Client);
        var id = await ConversationClient.CreateAsync(client);
        await ConversationClient.SendAsync(client, id, "What is the refund policy?");
        // A console session whose name merely starts like the server's stays a console session.
        var chat = await ChatCommandTests.RunPipedAsync(_server.Dir.Path, Environment(), "hello?\n", "chat", "--session", "support-notes");
        Assert.True(chat.ExitCode == 0, chat.ToString());

        var list = await Run("sessions", "list", "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        var session = Assert.Single(JsonNode.Parse(list.StdOut)!.AsArray())!;
        Assert.Equal(("support-notes", "chat"), ((string)session["name"]!, (string)session["kind"]!));
        var table = await Run("sessions", "list");
        Assert.DoesNotContain("support-" + id, table.StdOut);

        var all = JsonNode.Parse((await Run("sessions", "list", "--all", "--json")).StdOut)!.AsArray();
        Assert.Equal(["chat", "support"], all.Select(s => (string)s!["kind"]!).Order());
        Assert.Contains(all, s => (string)s!["name"]! == "support-" + id);

        var show = await Run("sessions", "show", "support-" + id, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Equal("What is the refund policy?", (string)JsonNode.Parse(show.StdOut)!["turns"]![0]!["question"]!);
    }
}
