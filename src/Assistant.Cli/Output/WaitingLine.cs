using Assistant.Core.Answering;

namespace Assistant.Cli.Output;

/// <summary>
/// "waiting for openai (gpt-4o-mini)… 5 s" on stderr while a model has not answered yet, redrawn in place and wiped
/// when the first token (or an error) comes. Only on a terminal: in a log or a pipe it would be noise. Plain carriage
/// returns and spaces, no escape codes, so any terminal can redraw it.
/// </summary>
internal sealed class WaitingLine(TextWriter writer, bool enabled)
{
    private readonly Lock _gate = new();
    private int _width;

    public static WaitingLine ForStandardError() => new(Console.Error, !Console.IsErrorRedirected);

    public void Show(ModelWaiting waiting)
    {
        if (!enabled) return;
        lock (_gate)
        {
            if (waiting.Ended)
            {
                if (_width == 0) return;
                writer.Write('\r' + new string(' ', _width) + '\r');
                _width = 0;
            }
            else
            {
                var model = waiting.Model is { Length: > 0 } m ? $" ({m})" : string.Empty;
                var text = $"waiting for {waiting.Profile}{model}… {waiting.Elapsed.TotalSeconds:0} s";
                writer.Write('\r' + text.PadRight(_width));
                _width = Math.Max(_width, text.Length);
            }

            writer.Flush();
        }
    }
}
