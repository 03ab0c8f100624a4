using Assistant.Core.Evaluation;
using Spectre.Console;

namespace Assistant.Cli.Output;

/// <summary>
/// `assistant eval`'s progress, on stderr so that --json on stdout stays clean: a bar per stage on a terminal, and one
/// line per finished stage when stderr is redirected (a CI log).
/// </summary>
internal static class EvalProgressDisplay
{
    public static async Task<T> RunAsync<T>(Func<IProgress<EvalProgress>, Task<T>> run)
    {
        if (Console.IsErrorRedirected) return await run(new LineProgress());

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var gate = new object();
                return await run(new Progress(p =>
                {
                    lock (gate)
                    {
                        if (!tasks.TryGetValue(p.Stage, out var task)) tasks[p.Stage] = task = context.AddTask(Markup.Escape(p.Stage), maxValue: p.Total);
                        task.Value = p.Done;
                    }
                }));
            });
    }

    // Reports synchronously: System.Progress posts to the thread pool and lines could come out of order.
    private sealed class Progress(Action<EvalProgress> report) : IProgress<EvalProgress>
    {
        public void Report(EvalProgress value) => report(value);
    }

    private sealed class LineProgress : IProgress<EvalProgress>
    {
        public void Report(EvalProgress value)
        {
            if (value.Done == value.Total) Console.Error.WriteLine($"{value.Stage}: {value.Total}/{value.Total} done");
        }
    }
}
