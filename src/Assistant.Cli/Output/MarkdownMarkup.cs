using System.Text;
using System.Text.RegularExpressions;
using Spectre.Console;

namespace Assistant.Cli.Output;

/// <summary>
/// The Markdown a model writes, as Spectre.Console markup, one line at a time (so an answer can be shown as it streams,
/// line by line): headings, bullets, numbered items, **bold**, *italic*, `code`, fenced code blocks, and [n] citations
/// dimmed. Everything else is escaped text: a model's output is never taken as markup.
/// </summary>
internal sealed partial class MarkdownMarkup
{
    private bool _inCode;

    public string Line(string line)
    {
        var trimmed = line.TrimStart();
        if (trimmed.StartsWith("```", StringComparison.Ordinal))
        {
            _inCode = !_inCode;
            return string.Empty;
        }

        if (_inCode) return "  [grey]" + Markup.Escape(line) + "[/]";
        if (Heading().Match(line) is { Success: true } heading)
        {
            var style = heading.Groups[1].Length == 1 ? "bold underline" : "bold";
            return $"[{style}]{Inline(heading.Groups[2].Value)}[/]";
        }

        if (Bullet().Match(line) is { Success: true } bullet) return bullet.Groups[1].Value + "  • " + Inline(bullet.Groups[2].Value);
        if (Numbered().Match(line) is { Success: true } numbered) return numbered.Groups[1].Value + "  " + numbered.Groups[2].Value + ". " + Inline(numbered.Groups[3].Value);
        return Inline(line);
    }

    internal static string Inline(string text)
    {
        var sb = new StringBuilder();
        var at = 0;
        foreach (Match m in Spans().Matches(text))
        {
            sb.Append(Markup.Escape(text[at..m.Index]));
            var v = m.Value;
            if (v.StartsWith("**", StringComparison.Ordinal)) sb.Append("[bold]").Append(Markup.Escape(v[2..^2])).Append("[/]");
            else if (v[0] == '`') sb.Append("[cyan]").Append(Markup.Escape(v[1..^1])).Append("[/]");
            else if (v[0] == '[') sb.Append("[grey]").Append(Markup.Escape(v)).Append("[/]");
            else sb.Append("[italic]").Append(Markup.Escape(v[1..^1])).Append("[/]");
            at = m.Index + m.Length;
        }

        sb.Append(Markup.Escape(text[at..]));
        return sb.ToString();
    }

    [GeneratedRegex(@"^\s{0,3}(#{1,6})\s+(.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^(\s*)[-*+]\s+(.*)$")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^(\s*)(\d{1,3})[.)]\s+(.*)$")]
    private static partial Regex Numbered();

    [GeneratedRegex(@"\*\*[^*\n]+\*\*|`[^`\n]+`|\[\d{1,9}\]|(?<![\w*])[*_][^*_\s][^*_\n]*[*_](?![\w*])")]
    private static partial Regex Spans();
}
