using System.Text.RegularExpressions;

namespace Assistant.Plugins.Translate;

/// <summary>
/// What a translation must carry over unchanged: fenced code blocks, inline code, URLs and link targets,
/// <c>{placeholders}</c> and numbers (exact strings), and the Markdown structure (counts of headings per level,
/// list items, table rows, quote lines). Each is taken out of the text before the next is looked for, so a number
/// inside a URL or a code block is checked as part of it, not twice.
/// </summary>
internal sealed partial record MarkdownInventory(
    IReadOnlyList<string> CodeBlocks,
    IReadOnlyList<string> InlineCode,
    IReadOnlyList<string> Urls,
    IReadOnlyList<string> Placeholders,
    IReadOnlyList<string> Numbers,
    IReadOnlyDictionary<string, int> Structure)
{
    public static MarkdownInventory Of(string text)
    {
        var rest = text.ReplaceLineEndings("\n");
        var code = Take(ref rest, FencedCode(), m => m.Value.TrimEnd());
        // Structure is read before numbers are taken out, or "1. item" would stop being a list item.
        var structure = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in rest.Split('\n'))
        {
            var kind = Heading().Match(line) is { Success: true } h ? $"headings (level {h.Groups[1].Length})"
                : ListItem().IsMatch(line) ? "list items"
                : line.TrimStart().StartsWith('|') ? "table rows"
                : line.TrimStart().StartsWith('>') ? "quote lines"
                : null;
            if (kind is not null) structure[kind] = structure.GetValueOrDefault(kind) + 1;
        }

        structure["code blocks"] = code.Count;
        var inline = Take(ref rest, InlineCodeSpan(), m => m.Value);
        var urls = Take(ref rest, Url(), m => m.Groups["url"].Value.TrimEnd('.', ',', ';', ':', '!', '?'));
        var placeholders = Take(ref rest, Placeholder(), m => m.Value);
        var numbers = Take(ref rest, Number(), m => m.Value);
        return new MarkdownInventory(code, inline, urls, placeholders, numbers, structure);
    }

    /// <summary>Whether the text is nothing but fenced code blocks and whitespace.</summary>
    public static bool OnlyCode(string text) => FencedCode().Replace(text.ReplaceLineEndings("\n"), string.Empty).Trim().Length == 0;

    /// <summary>Everything in <paramref name="translation"/> that does not keep what this source has; empty when all is kept.</summary>
    public IReadOnlyList<string> Compare(MarkdownInventory translation)
    {
        var problems = new List<string>();
        Missing(problems, CodeBlocks, translation.CodeBlocks, "code block", extraToo: true, shorten: true);
        Missing(problems, InlineCode, translation.InlineCode, "inline code", extraToo: true);
        Missing(problems, Urls, translation.Urls, "URL", extraToo: true);
        Missing(problems, Placeholders, translation.Placeholders, "placeholder", extraToo: true);
        // A translation may spell out more numbers than the source ("two" → "2"); losing or changing one is the error.
        Missing(problems, Numbers, translation.Numbers, "number", extraToo: false);
        foreach (var kind in Structure.Keys.Union(translation.Structure.Keys).Order(StringComparer.Ordinal))
        {
            int before = Structure.GetValueOrDefault(kind), after = translation.Structure.GetValueOrDefault(kind);
            if (before != after) problems.Add($"Markdown {kind}: {before} in the source but {after} in the translation");
        }

        return problems;
    }

    private static void Missing(List<string> problems, IReadOnlyList<string> source, IReadOnlyList<string> translation, string what, bool extraToo, bool shorten = false)
    {
        var left = translation.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var item in source)
        {
            if (left.GetValueOrDefault(item) > 0) left[item]--;
            else problems.Add($"{what} {Show(item, shorten)} is missing or changed (keep it exactly as written)");
        }

        if (!extraToo) return;
        foreach (var (item, count) in left.Where(p => p.Value > 0)) problems.Add($"{what} {Show(item, shorten)} is not in the source ({count}×; do not add or alter it)");
    }

    private static string Show(string item, bool shorten) =>
        "'" + (shorten && item.Length > 60 ? item[..57].ReplaceLineEndings(" ") + "..." : item) + "'";

    private static List<string> Take(ref string text, Regex pattern, Func<Match, string> value)
    {
        var found = new List<string>();
        text = pattern.Replace(text, m =>
        {
            found.Add(value(m));
            return " ";
        });
        return found;
    }

    [GeneratedRegex(@"^[ \t]*(```|~~~)[^\n]*\n.*?^[ \t]*\1[ \t]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"(`+)[^`\n]+?\1")]
    private static partial Regex InlineCodeSpan();

    [GeneratedRegex(@"(?<url>(?:https?|ftp)://[^\s<>()\[\]""'`]+|mailto:[^\s<>()]+)|\]\((?<url>[^)\s]+)\)")]
    private static partial Regex Url();

    [GeneratedRegex(@"\{\{?[\p{L}\p{N}_.:$-]+\}?\}|%(?:\d+\$)?[sd]")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\d+(?:[.,:/]\d+)*")]
    private static partial Regex Number();

    [GeneratedRegex(@"^[ \t]{0,3}(#{1,6})[ \t]")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+\S")]
    private static partial Regex ListItem();
}
