using System.CommandLine;
using Assistant.Cli.Output;
using Assistant.Core.Conversations.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Assistant.Cli.Commands;

/// <summary>`assistant sessions list|show NAME|delete NAME`: the chat sessions stored beside the index.</summary>
internal static class SessionsCommand
{
    public static Command Create()
    {
        var command = new Command("sessions", "List, show or delete chat sessions (see 'assistant chat --session').");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Delete());
        return command;
    }

    private static Option<bool> JsonOption(string what) => new("--json") { Description = what };

    private static Command List()
    {
        var json = JsonOption("Print the sessions as a JSON array.");
        var all = new Option<bool>("--all") { Description = "Also the support server's conversations kept in the same folder (kind 'support')." };
        var list = new Command("list", "List chat sessions, most recently used first.") { json, all };
        list.SetAction(async (parse, ct) =>
        {
            using var services = CliHost.BuildServices(parse);
            var sessions = await services.GetRequiredService<SessionStore>().ListAsync(parse.GetValue(all) ? null : SessionKinds.Chat, ct);
            if (parse.GetValue(json))
            {
                Json.Write(sessions.Select(ChatJson.Session).ToList());
                return CliRunner.Success;
            }

            if (sessions.Count == 0)
            {
                Console.WriteLine("No chat sessions yet. Start one with 'assistant chat --session NAME'.");
                return CliRunner.Success;
            }

            var table = new Table().Border(TableBorder.Rounded);
            var kinds = parse.GetValue(all);
            foreach (var c in kinds ? ["name", "kind", "turns", "last used", "started"] : new[] { "name", "turns", "last used", "started" }) table.AddColumn(c);
            foreach (var s in sessions)
            {
                string[] cells = [Markup.Escape(s.Name), s.Turns.ToString(), s.UpdatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm"), s.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm")];
                table.AddRow(kinds ? [cells[0], s.Kind, .. cells[1..]] : cells);
            }

            AnsiConsole.Write(table);
            return CliRunner.Success;
        });
        return list;
    }

    private static Command Show()
    {
        var name = new Argument<string>("name") { Description = "The session's name." };
        var json = JsonOption("Print the session and its turns as JSON (each turn as in 'chat --json').");
        var show = new Command("show", "Show a session's turns: questions, answers, citations, model and usage.") { name, json };
        show.SetAction(async (parse, ct) =>
        {
            using var services = CliHost.BuildServices(parse);
            var store = services.GetRequiredService<SessionStore>();
            var session = await FindAsync(store, parse.GetValue(name)!, ct);
            var turns = await store.TurnsAsync(session.Id, ct);
            var cwd = Directory.GetCurrentDirectory();
            if (parse.GetValue(json))
            {
                Json.Write(new SessionDetailJson(session.Id, session.Name, session.CreatedAt, session.UpdatedAt, turns.Select(t => ChatJson.Turn(t, session.Id, cwd)).ToList()));
                return CliRunner.Success;
            }

            Console.WriteLine($"Session {session.Name}: {turns.Count} turn(s), started {session.CreatedAt.ToLocalTime():yyyy-MM-dd HH:mm}");
            foreach (var turn in turns)
            {
                Console.WriteLine();
                Console.WriteLine($"[{turn.N}] > {turn.Question}");
                if (!string.Equals(turn.StandaloneQuestion, turn.Question, StringComparison.Ordinal)) Console.WriteLine($"    (searched: {turn.StandaloneQuestion})");
                Console.WriteLine(turn.Answer);
                foreach (var c in turn.Citations) Console.WriteLine($"    [{c.N}] {(c.Supported ? "supported" : "not supported")}: {Describe(turn, c.N, cwd)}");
                var model = turn.Model is null ? turn.Mode : $"{turn.Profile} ({turn.Model})";
                var usage = turn.Usage is { } u ? $", {u.InputTokens} in / {u.OutputTokens} out tokens" : string.Empty;
                Console.WriteLine($"    {model}{usage}, {turn.TotalMs:0} ms");
            }

            return CliRunner.Success;
        });
        return show;
    }

    private static Command Delete()
    {
        var name = new Argument<string>("name") { Description = "The session's name." };
        var json = JsonOption("Print the deleted session as JSON.");
        var delete = new Command("delete", "Delete a session and its turns.") { name, json };
        delete.SetAction(async (parse, ct) =>
        {
            using var services = CliHost.BuildServices(parse);
            var store = services.GetRequiredService<SessionStore>();
            var session = await FindAsync(store, parse.GetValue(name)!, ct);
            await store.DeleteAsync(session.Name, ct);
            if (parse.GetValue(json)) Json.Write(ChatJson.Session(session));
            else Console.WriteLine($"Deleted session {session.Name} ({session.Turns} turn(s)).");
            return CliRunner.Success;
        });
        return delete;
    }

    private static string Describe(StoredTurn turn, int n, string cwd) =>
        turn.Sources.FirstOrDefault(s => s.Rank == n) is { } hit ? Json.DisplayPath(hit.Source, cwd) + (hit.Section.Length > 0 ? " — " + hit.Section : string.Empty) : "?";

    /// <summary>An unknown name is a usage error that lists what exists.</summary>
    private static async Task<SessionInfo> FindAsync(SessionStore store, string name, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(name, cancellationToken) is { } session) return session;
        var known = (await store.ListAsync(SessionKinds.Chat, cancellationToken)).Select(s => s.Name).Take(20).ToList();
        throw new UsageException($"no session named '{name}'" + (known.Count > 0 ? $" (sessions: {string.Join(", ", known)})" : " (there are none yet)"));
    }
}
