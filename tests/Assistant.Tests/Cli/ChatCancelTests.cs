using System.Diagnostics;
using System.Text;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

/// <summary>Ctrl+C in `assistant chat` on a tmux pseudo-terminal, against a fake Ollama that stalls mid-answer.</summary>
public sealed class ChatCancelTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _session = "assistant-cancel-" + Guid.NewGuid().ToString("N")[..8];
    private static readonly string? TmuxPath = new[] { "/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux" }.FirstOrDefault(File.Exists);

    public void Dispose()
    {
        if (TmuxPath is not null) Tmux("kill-session", "-t", _session);
        _dir.Dispose();
    }

    private static void Tmux(params string[] args) => Capture(args);

    private static string Capture(params string[] args)
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
            screen = Capture("capture-pane", "-p", "-t", _session, "-S", "-200");
            if (done(screen)) return screen;
            await Task.Delay(200);
        }

        throw new Xunit.Sdk.XunitException($"the screen never showed {what}:\n{screen}");
    }

    [ChatInteractiveTests.TmuxFact]
    public async Task Ctrl_C_cancels_the_answer_being_written_and_the_session_goes_on()
    {
        using var stall = new CancellationTokenSource();
        await using var ollama = new LoopbackHttpServer(async (request, response) =>
        {
            // One line of the answer, then nothing: a model that stalls mid-answer.
            response.ContentType = "application/x-ndjson";
            response.SendChunked = true;
            var first = Encoding.UTF8.GetBytes("{\"model\":\"llama3.1\",\"created_at\":\"2026-11-23T10:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"Refunds are accepted\\n\"},\"done\":false}\n");
            await response.OutputStream.WriteAsync(first);
            await response.OutputStream.FlushAsync();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(50), stall.Token);
            }
            catch (OperationCanceledException)
            {
            }

            response.Abort();
        });
        _dir.Write("docs/refund.md", "# Refunds\n\n## Policy\n\nRefunds are accepted within 30 days of purchase with a receipt.\n");
        var environment = new Dictionary<string, string?> { ["ASSISTANT_DATA"] = _dir.Combine("idx") };
        Assert.Equal(0, (await CliProcess.RunAsync(_dir.Path, environment, "ingest", "docs")).ExitCode);

        var settings = $"ASSISTANT_DATA='{_dir.Combine("idx")}' ASSISTANT_Models__Profiles__local__Provider=ollama ASSISTANT_Models__Profiles__local__Model=llama3.1 ASSISTANT_Models__Profiles__local__Endpoint='{ollama.BaseAddress}'";
        var command = $"{settings} NO_COLOR=1 DOTNET_NOLOGO=1 dotnet '{CliProcess.AssemblyPath}' chat --session stall --model local; echo CHAT-EXITED-$?; sleep 60";
        Tmux("new-session", "-d", "-s", _session, "-x", "160", "-y", "50", "-c", _dir.Path, command);
        await WaitForScreenAsync(s => s.Contains("Session stall", StringComparison.Ordinal), "the session line");

        Tmux("send-keys", "-t", _session, "-l", "What is the refund policy?");
        Tmux("send-keys", "-t", _session, "Enter");
        await WaitForScreenAsync(s => s.Contains("\nRefunds are accepted", StringComparison.Ordinal), "the first line of the answer");
        Tmux("send-keys", "-t", _session, "C-c");
        var cancelled = await WaitForScreenAsync(s => s.Contains("(answer cancelled)", StringComparison.Ordinal), "the cancellation");
        Assert.DoesNotContain("CHAT-EXITED", cancelled);
        stall.Cancel();

        Tmux("send-keys", "-t", _session, "-l", "/exit");
        Tmux("send-keys", "-t", _session, "Enter");
        await WaitForScreenAsync(s => s.Contains("CHAT-EXITED-0", StringComparison.Ordinal), "exit code 0 after /exit");
    }
}
