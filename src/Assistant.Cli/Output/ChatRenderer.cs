using System.Text;
using Assistant.Cli.Commands;
using Assistant.Core.Agents;
using Assistant.Core.Conversations;
using Assistant.Core.Conversations.Sessions;
using Assistant.Core.Models;
using Spectre.Console;

namespace Assistant.Cli.Output;

/// <summary>
/// How `chat` shows a session: on a terminal answers stream as Markdown (line by line), citations are listed under each
/// answer with ✓ (supported by its passage) or ✗, and tool activity appears while it runs. Piped, the same text is
/// plain; with --json each turn is one JSON line and everything else goes to stderr.
/// </summary>
internal sealed class ChatRenderer(bool interactive, string cwd)
{
    private bool _noticeShown;
    private readonly HashSet<string> _warningsShown = new(StringComparer.Ordinal);

    public bool Interactive => interactive;

    public void SessionOpened(ChatSession session)
    {
        var state = session.Created ? "new" : $"resumed, {session.Turns.Count} turn(s)";
        if (!interactive)
        {
            Console.Error.WriteLine($"session {session.Name} ({state})");
            return;
        }

        AnsiConsole.MarkupLine($"[bold]Session {Markup.Escape(session.Name)}[/] [grey]({Markup.Escape(state)}). Ask a question, or /help for commands.[/]");
    }

    public void Prompt()
    {
        if (interactive) AnsiConsole.Markup("[bold green]>[/] ");
    }

    public AnswerStream StartAnswer() => new(interactive ? AnswerStream.Style.Markdown : AnswerStream.Style.Plain);

    public void Turn(StoredTurn stored, ConversationTurn live, string sessionId, bool json, bool streamed)
    {
        if (json)
        {
            ChatJson.WriteLine(ChatJson.Turn(stored, sessionId, cwd));
            if (live.Answer.Notice is { } jsonNotice && !_noticeShown) Console.Error.WriteLine(jsonNotice);
            _noticeShown = true;
            return;
        }

        if (!interactive)
        {
            // Piped: what `ask` prints, the notice once per session, a blank line between turns.
            var answer = _noticeShown ? live.Answer with { Notice = null } : live.Answer;
            _noticeShown |= live.Answer.Notice is not null;
            AskCommand.PrintAnswer(answer, cwd, answerAlreadyPrinted: streamed);
            Console.WriteLine();
            return;
        }

        var result = live.Answer;
        if (!streamed)
        {
            var markdown = new MarkdownMarkup();
            foreach (var line in result.Answer.ReplaceLineEndings("\n").Split('\n')) AnsiConsole.MarkupLine(markdown.Line(line));
        }

        AnsiConsole.WriteLine();
        foreach (var source in result.Sources.Where(s => result.Answer.Contains($"[{s.N}]", StringComparison.Ordinal)))
        {
            var supported = result.CitationChecks.FirstOrDefault(c => c.N == source.N)?.Supported ?? true;
            var mark = supported ? "[green]✓[/]" : "[red]✗[/]";
            var page = source.Hit.Page is { } p ? $", page {p}" : string.Empty;
            var section = source.Hit.Section.Length > 0 ? $" — {source.Hit.Section}" : string.Empty;
            var note = supported ? string.Empty : " (not supported by its passage)";
            AnsiConsole.MarkupLine($"{mark} [grey][[{source.N}]] {Markup.Escape(Json.DisplayPath(source.Hit.Source, cwd) + section + page + note)}[/]");
        }

        if (result.RemovedCitations.Count > 0)
        {
            Info($"{string.Join(", ", result.RemovedCitations.Select(n => $"[{n}]"))}: no such passage was given; removed from the answer");
        }

        if (result.Notice is { } notice && !_noticeShown) Info(notice);
        _noticeShown |= result.Notice is not null;
        if (result.Model is not null)
        {
            var usage = result.Usage is { } u ? $", {u.InputTokens} in / {u.OutputTokens} out tokens" : string.Empty;
            Info($"{result.Profile} ({result.Model}){usage}, first token {result.TimeToFirstTokenMs:0} ms, total {live.TotalMs:0} ms");
        }

        AnsiConsole.WriteLine();
    }

    /// <summary>The last answer's passages in full.</summary>
    public void Sources(StoredTurn? turn)
    {
        if (turn is null || turn.Sources.Count == 0)
        {
            Info("No passages yet: ask a question first.");
            return;
        }

        foreach (var hit in turn.Sources)
        {
            var page = hit.Page is { } p ? $", page {p}" : string.Empty;
            var section = hit.Section.Length > 0 ? $" — {hit.Section}" : string.Empty;
            if (interactive) AnsiConsole.MarkupLine($"[bold][[{hit.Rank}]] {Markup.Escape(Json.DisplayPath(hit.Source, cwd) + section + page)}[/]");
            else Console.WriteLine($"[{hit.Rank}] {Json.DisplayPath(hit.Source, cwd)}{section}{page}");
            Console.WriteLine(hit.Text.Trim());
            Console.WriteLine();
        }
    }

    public void Models(ModelsOptions models, string? current)
    {
        foreach (var (name, profile) in models.Profiles.Where(p => p.Value.Kind == ModelKind.Chat).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var marks = (string.Equals(name, current, StringComparison.OrdinalIgnoreCase) ? " (this session)" : string.Empty)
                + (string.Equals(name, models.DefaultChat, StringComparison.OrdinalIgnoreCase) ? " (default)" : string.Empty);
            Info($"{name}: {profile.Provider} {profile.Model}{marks}");
        }
    }

    public void Help()
    {
        string[] lines =
        [
            "Type a question; follow-ups may refer to earlier answers. Commands:",
            "  /model NAME   answer with this chat profile from now on (/model alone shows the current one)",
            "  /models       list the chat profiles",
            "  /sources      the last answer's passages in full",
            "  /kb NAME      search only this knowledge base (ingest --kb); /kb all for every one",
            "  /ingest PATH  index a file or folder (into the current knowledge base)",
            "  /reset        forget this session's earlier turns",
            "  /tools        the tools answers may use",
            "  /help         this list",
            "  /exit         leave (the session is kept; resume it with --session NAME)",
            "Ctrl+C cancels the answer being written.",
        ];
        foreach (var line in lines) Info(line);
    }

    public void Info(string text)
    {
        if (interactive) AnsiConsole.MarkupLine($"[grey]{Markup.Escape(text)}[/]");
        else Console.Error.WriteLine(text);
    }

    public void Warning(string text)
    {
        if (interactive) AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(text)}[/]");
        else Console.Error.WriteLine(text);
    }

    /// <summary>A standing condition (the default model is unusable): shown the first time only, not on every turn.</summary>
    public void WarningOnce(string text)
    {
        if (_warningsShown.Add(text)) Warning(text);
    }

    public void Error(string text)
    {
        if (interactive) AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(text)}");
        else Console.Error.WriteLine($"error: {text}");
    }
}

/// <summary>One answer as it streams: raw text when piped, Markdown line by line on a terminal; tool lines in between.</summary>
internal sealed class AnswerStream(AnswerStream.Style style)
{
    public enum Style
    {
        Plain,
        Markdown,
    }

    private readonly StringBuilder _pending = new();
    private readonly MarkdownMarkup _markdown = new();
    private bool _any;
    private bool _ended;

    /// <summary>Whether any answer text was shown while it streamed.</summary>
    public bool Streamed => _any;

    public void Text(string piece)
    {
        _any = true;
        if (style == Style.Plain)
        {
            Console.Write(piece);
            return;
        }

        _pending.Append(piece);
        for (var newline = IndexOfNewline(); newline >= 0; newline = IndexOfNewline())
        {
            AnsiConsole.MarkupLine(_markdown.Line(_pending.ToString(0, newline).TrimEnd('\r')));
            _pending.Remove(0, newline + 1);
        }
    }

    public void Tool(AgentEvent e)
    {
        FlushLine();
        var line = e switch
        {
            AgentToolStarted s => $"  ⚙ {s.Name} {s.Arguments}",
            AgentToolCompleted { Call: { Ok: true } c } => $"  ✓ {c.Name} ({c.Ms:0} ms)",
            AgentToolCompleted { Call: var c } => $"  ✗ {c.Name}: {c.Error}",
            _ => null,
        };
        if (line is null) return;
        if (style == Style.Markdown) AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]");
        else Console.Error.WriteLine(line);
    }

    public void End()
    {
        if (_ended) return;
        _ended = true;
        FlushLine();
        if (_any && style == Style.Plain) Console.WriteLine();
    }

    private void FlushLine()
    {
        if (style != Style.Markdown || _pending.Length == 0) return;
        AnsiConsole.MarkupLine(_markdown.Line(_pending.ToString()));
        _pending.Clear();
    }

    private int IndexOfNewline()
    {
        for (var i = 0; i < _pending.Length; i++)
        {
            if (_pending[i] == '\n') return i;
        }

        return -1;
    }
}
