using System.Diagnostics;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

/// <summary>
/// `assistant chat` on a real pseudo-terminal: tmux runs the built CLI, keys are typed with send-keys and the screen is
/// read with capture-pane. Skipped, saying why, only when tmux is not installed.
/// </summary>
public sealed class ChatInteractiveTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _session = "assistant-test-" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose()
    {
        if (TmuxPath is not null) Tmux("kill-session", "-t", _session);
        _dir.Dispose();
    }

    private static readonly string? TmuxPath = new[] { "/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux" }.FirstOrDefault(File.Exists);

    public sealed class TmuxFactAttribute : FactAttribute
    {
        public TmuxFactAttribute()
        {
            if (TmuxPath is null) Skip = "tmux is not installed: the interactive console needs a pseudo-terminal to test";
        }
    }

    private static string Tmux(params string[] args)
    {
        var start = new ProcessStartInfo(TmuxPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    private async Task<string> WaitForScreenAsync(Func<string, bool> done, string what)
    {
        var screen = string.Empty;
        for (var waited = 0; waited < 60_000; waited += 200)
        {
            screen = Tmux("capture-pane", "-p", "-t", _session, "-S", "-200");
            if (done(screen)) return screen;
            await Task.Delay(200);
        }

        throw new Xunit.Sdk.XunitException($"the screen never showed {what}:\n{screen}");
    }

    [TmuxFact]
    public async Task The_console_answers_lists_checked_citations_runs_commands_and_exits()
    {
        _dir.Write("docs/refund.md", "# Refunds\n\n## Policy\n\nRefunds are accepted within **30 days** of purchase with a receipt.\n");
        var environment = new Dictionary<string, string?> { ["ASSISTANT_DATA"] = _dir.Combine("idx") };
        Assert.Equal(0, (await CliProcess.RunAsync(_dir.Path, environment, "ingest", "docs")).ExitCode);

        var command = $"ASSISTANT_DATA='{_dir.Combine("idx")}' NO_COLOR=1 DOTNET_NOLOGO=1 dotnet '{CliProcess.AssemblyPath}' chat --session tty; echo CHAT-EXITED-$?; sleep 60";
        Tmux("new-session", "-d", "-s", _session, "-x", "160", "-y", "50", "-c", _dir.Path, command);
        await WaitForScreenAsync(s => s.Contains("Session tty", StringComparison.Ordinal), "the session line");

        Tmux("send-keys", "-t", _session, "-l", "What is the refund policy?");
        Tmux("send-keys", "-t", _session, "Enter");
        var answered = await WaitForScreenAsync(s => s.Contains("✓ [1] docs/refund.md — Refunds > Policy", StringComparison.Ordinal), "a checked citation");
        Assert.Contains("> What is the refund policy?", answered);
        Assert.Contains("Refunds are accepted within 30 days of purchase with a receipt. [1]", answered);

        Tmux("send-keys", "-t", _session, "-l", "/help");
        Tmux("send-keys", "-t", _session, "Enter");
        await WaitForScreenAsync(s => s.Contains("/sources      the last answer's passages in full", StringComparison.Ordinal), "the help");

        Tmux("send-keys", "-t", _session, "-l", "/exit");
        Tmux("send-keys", "-t", _session, "Enter");
        await WaitForScreenAsync(s => s.Contains("CHAT-EXITED-0", StringComparison.Ordinal), "exit code 0");
    }
}
