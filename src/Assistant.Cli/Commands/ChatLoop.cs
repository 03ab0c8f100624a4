using Assistant.Cli.Output;
using Assistant.Core.Agents;
using Assistant.Core.Answering;
using Assistant.Core.Conversations;
using Assistant.Core.Conversations.Sessions;
using Assistant.Core.Ingestion;
using Assistant.Core.Models;
using Assistant.Core.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Assistant.Cli.Commands;

/// <summary>What a chat session's next turns use; /model and /kb change it.</summary>
internal sealed class ChatSettings(string? profile, int top, SearchFilter? filter, bool json, bool agent = false)
{
    /// <summary>Answer through the document agent (tools), `--agent`.</summary>
    public bool Agent { get; } = agent;

    public string? Profile { get; set; } = profile;

    public int Top { get; } = top;

    public SearchFilter? Filter { get; set; } = filter;

    public bool Json { get; } = json;
}

/// <summary>
/// Reads lines: a question goes to <see cref="ChatSessions"/> as the session's next turn, a line starting with '/' is a
/// console command. The same loop serves a terminal and piped input.
/// </summary>
internal sealed class ChatLoop(IServiceProvider services, ChatSessions sessions, ChatSession session, ChatSettings settings, ChatRenderer renderer)
{
    private readonly Lock _gate = new();
    private CancellationTokenSource? _turn;

    /// <summary>Ctrl+C: cancels the answer being written. False when none is (then Ctrl+C ends the program, as usual).</summary>
    public bool CancelTurn()
    {
        lock (_gate)
        {
            if (_turn is null) return false;
            _turn.Cancel();
            return true;
        }
    }

    public async Task<int> RunAsync(TextReader input, CancellationToken cancellationToken)
    {
        var failed = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            renderer.Prompt();
            var line = await input.ReadLineAsync(cancellationToken);
            if (line is null) break;
            line = line.Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith('/'))
            {
                if (!await CommandAsync(line, cancellationToken)) break;
                continue;
            }

            failed |= !await TurnAsync(line, cancellationToken);
        }

        return failed ? CliRunner.PartialFailure : CliRunner.Success;
    }

    private async Task<bool> TurnAsync(string question, CancellationToken cancellationToken)
    {
        using var turn = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lock (_gate) _turn = turn;
        var answer = renderer.StartAnswer();
        var request = new ConversationRequest(question)
        {
            Top = settings.Top,
            Filter = settings.Filter,
            Profile = settings.Profile,
            UseAgent = settings.Agent,
            OnEvent = settings.Json ? null : e =>
            {
                if (e is AgentTextDelta delta) answer.Text(delta.Text);
                else answer.Tool(e);
            },
            OnWarning = renderer.Warning,
            OnModelNotice = renderer.WarningOnce,
            OnWaiting = settings.Json ? null : WaitingLine.ForStandardError().Show,
        };

        try
        {
            var (stored, live) = await sessions.AskAsync(session, request, turn.Token);
            answer.End();
            renderer.Turn(stored, live, session.Id, settings.Json, answer.Streamed);
            return true;
        }
        catch (Exception) when (turn.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: whatever the cancelled call threw (a connector may report the cut stream as its own error) is its consequence.
            answer.End();
            renderer.Info("(answer cancelled)");
            return true;
        }
        catch (UnknownModelProfileException ex)
        {
            answer.End();
            if (!renderer.Interactive) throw new UsageException($"--model {ex.Profile}: no such profile (known: {string.Join(", ", ex.Known)})");
            renderer.Error($"no such profile '{ex.Profile}' (known: {string.Join(", ", ex.Known)}); back to the default");
            settings.Profile = null;
            return false;
        }
        catch (Exception ex) when (ex is ModelException or ContextBudgetException)
        {
            answer.End();
            renderer.Error(ex.Message);
            return false;
        }
        finally
        {
            lock (_gate) _turn = null;
        }
    }

    /// <returns>False for /exit.</returns>
    private async Task<bool> CommandAsync(string line, CancellationToken cancellationToken)
    {
        var space = line.IndexOf(' ');
        var name = (space < 0 ? line : line[..space]).ToLowerInvariant();
        var argument = space < 0 ? string.Empty : line[(space + 1)..].Trim();
        switch (name)
        {
            case "/exit" or "/quit":
                return false;
            case "/help":
                renderer.Help();
                break;
            case "/reset":
                await sessions.ResetAsync(session, cancellationToken);
                renderer.Info($"Session '{session.Name}' starts over: earlier turns are forgotten.");
                break;
            case "/sources":
                renderer.Sources(session.Turns.LastOrDefault());
                break;
            case "/model":
                SwitchModel(argument);
                break;
            case "/models":
                var models = services.GetRequiredService<IOptions<ModelsOptions>>().Value;
                renderer.Models(models, settings.Profile);
                break;
            case "/tools":
                renderer.Info(ToolsLine());
                break;
            case "/kb":
                SwitchKnowledgeBase(argument);
                break;
            case "/ingest":
                await IngestAsync(argument, cancellationToken);
                break;
            default:
                renderer.Error($"unknown command {name}; /help lists them");
                break;
        }

        return true;
    }

    /// <summary>What /tools prints: the agent's tools and which of them this session may run.</summary>
    private string ToolsLine()
    {
        if (!settings.Agent) return "No tools: each question gets one search and an answer from it. Start the chat with --agent to let the model search again and use the allowed tools.";
        var set = services.GetRequiredService<Assistant.Core.Agents.AgentToolSet>();
        var allowed = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Assistant.Core.Agents.AgentOptions>>().Value.DefaultTools;
        var extra = set.ExtraPlugins.SelectMany(p => p).Select(f => $"{f.Name}{(Assistant.Core.Agents.AgentToolSet.IsAllowed(f, allowed) ? "" : " (not allowed)")}");
        return $"Tools (Agent:DefaultTools decides which may run): {string.Join(", ", new[] { Assistant.Core.Agents.DocumentSearchPlugin.FunctionName }.Concat(extra))}";
    }

    private void SwitchModel(string profile)
    {
        if (profile.Length == 0)
        {
            renderer.Info($"Model: {settings.Profile ?? "the default (Models:DefaultChat, else a local Ollama model, else extractive)"}. Use /model NAME to switch, /models to list.");
            return;
        }

        var models = services.GetRequiredService<IOptions<ModelsOptions>>().Value;
        if (!models.TryGetProfile(profile, out var found) || found.Kind != ModelKind.Chat)
        {
            renderer.Error($"no chat profile '{profile}' (known: {string.Join(", ", models.Profiles.Where(p => p.Value.Kind == ModelKind.Chat).Select(p => p.Key).Order())})");
            return;
        }

        settings.Profile = profile;
        renderer.Info($"Next answers use {profile} ({found.Model}).");
    }

    // The index holds several knowledge bases (ingest --kb); /kb switches which one this session searches.
    private void SwitchKnowledgeBase(string knowledgeBase)
    {
        var filter = settings.Filter ?? SearchFilter.None;
        if (knowledgeBase.Length == 0)
        {
            renderer.Info($"Knowledge base: {filter.KnowledgeBase ?? "all"}. Use /kb NAME to search only one, /kb all for every one.");
            return;
        }

        settings.Filter = filter with { KnowledgeBase = knowledgeBase is "all" or "*" ? null : knowledgeBase };
        renderer.Info($"Searching {(settings.Filter.KnowledgeBase is { } kb ? $"knowledge base '{kb}'" : "every knowledge base")}.");
    }

    private async Task IngestAsync(string path, CancellationToken cancellationToken)
    {
        if (path.Length == 0)
        {
            renderer.Error("/ingest needs a file or folder");
            return;
        }

        var full = Path.GetFullPath(path.Trim('"'));
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            renderer.Error($"{full}: no such file or folder");
            return;
        }

        var knowledgeBase = settings.Filter?.KnowledgeBase ?? Core.Documents.DocumentRecord.DefaultKnowledgeBase;
        var report = await services.GetRequiredService<IngestionPipeline>().IngestAsync(new IngestRequest([full], KnowledgeBase: knowledgeBase), null, cancellationToken);
        renderer.Info($"Ingested {full}: {report.Count(IngestOutcome.Added)} added, {report.Count(IngestOutcome.Updated)} updated, {report.Count(IngestOutcome.Unchanged)} unchanged, "
            + $"{report.Count(IngestOutcome.Skipped)} skipped, {report.Count(IngestOutcome.Failed)} failed ({report.Chunks} chunks).");
        foreach (var failure in report.Files.Where(f => f.Outcome is IngestOutcome.Failed or IngestOutcome.Skipped)) renderer.Warning($"{failure.Path}: {failure.Reason}");
    }
}
