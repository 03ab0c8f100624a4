using Spectre.Console;

namespace Assistant.Cli.Output;

/// <summary>
/// When stdout goes to a file or a pipe, Spectre.Console would still emit colour codes and wrap at 80 columns,
/// which puts escape sequences into logs and breaks long paths across lines. Plain text, unwrapped, instead.
/// </summary>
internal static class ConsoleSetup
{
    /// <summary>Wide enough that a table row or citation line is never wrapped in a log.</summary>
    private const int RedirectedWidth = 1000;

    public static void ForRedirectedOutput()
    {
        if (!Console.IsOutputRedirected) return;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        AnsiConsole.Profile.Width = RedirectedWidth;
    }

    /// <summary>
    /// Whether long work should report progress as plain lines rather than a live bar: with --json (stdout carries
    /// only the JSON), when stdout is redirected, or when the terminal cannot redraw.
    /// </summary>
    public static bool UsePlainProgress(bool quietStdout) =>
        quietStdout || Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive;
}
