using System.CommandLine;
using Assistant.Cli.Output;
using Assistant.Core.Conversations.Sessions;
using Assistant.Core.Ingestion;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Cli.Commands;

/// <summary>
/// `assistant chat`: a conversation with the documents. Interactive on a terminal (Markdown answers, citations with
/// ✓/✗, slash commands, Ctrl+C cancels the answer); with piped stdin one question per line, plain text or JSON Lines.
/// Parses, opens the session, and hands each line to <see cref="ChatLoop"/>; the answering is Core's.
/// </summary>
internal static class ChatCommand
{
    public static Command Create()
    {
        var session = new Option<string?>("--session", "-s") { Description = "Resume the session with this name, or start it (default: a new session named after the time)." };
        var model = new Option<string?>("--model", "-m") { Description = "Chat model profile (see 'assistant models'); default Models:DefaultChat." };
        var top = CommonOptions.Top();
        var json = new Option<bool>("--json") { Description = "Print one JSON object per turn (JSON Lines; see README)." };
        var agent = new Option<bool>("--agent") { Description = "Answer through the agent: the model may search again and use the allowed tools (Agent:DefaultTools); needs a model with tool calls." };
        var command = new Command("chat", "Chat with your documents: follow-up questions, sessions that persist, citations checked.") { session, model, top, json, agent };
        var filters = new FilterOptions();
        filters.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var k = CommonOptions.ValidateTop(parse.GetValue(top));
            var name = parse.GetValue(session);
            if (name is not null)
            {
                try
                {
                    SessionStore.ValidateName(name);
                }
                catch (ArgumentException ex)
                {
                    throw new UsageException($"--session: {ex.Message}");
                }
            }

            using var services = CliHost.BuildServices(parse);
            var sessions = services.GetRequiredService<ChatSessions>();
            await services.GetRequiredService<SampleCorpusBootstrap>().EnsureIndexedAsync(Console.Error.WriteLine, ct);
            var opened = await sessions.OpenAsync(name, ct);
            var interactive = !Console.IsInputRedirected;
            var settings = new ChatSettings(parse.GetValue(model), k, filters.Read(parse), parse.GetValue(json), parse.GetValue(agent));
            var renderer = new ChatRenderer(interactive && !settings.Json, Directory.GetCurrentDirectory());
            var loop = new ChatLoop(services, sessions, opened, settings, renderer);

            renderer.SessionOpened(opened);
            if (!interactive) return await loop.RunAsync(Console.In, ct);

            ConsoleCancelEventHandler onCancel = (_, e) => e.Cancel = loop.CancelTurn();
            Console.CancelKeyPress += onCancel;
            try
            {
                return await loop.RunAsync(Console.In, ct);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        });
        return command;
    }
}
