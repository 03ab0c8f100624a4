using System.Text;
using System.Text.RegularExpressions;

namespace Assistant.Plugins.CodeReview;

/// <summary>A line as the model sees it: its number (null for a line a diff removes), its diff mark, its text.</summary>
internal sealed record ReviewLine(int? Number, char Mark, string Text);

/// <summary>A part of the input reviewed in one call: one file's lines, numbered as in the original or the diff's new side.</summary>
internal sealed record ReviewPart(string? File, bool IsDiff, IReadOnlyList<ReviewLine> Lines)
{
    /// <summary>The line numbers a finding may name: every numbered line of this part.</summary>
    public IReadOnlySet<int> Numbers { get; } = Lines.Where(l => l.Number is not null).Select(l => l.Number!.Value).ToHashSet();

    /// <summary>Numbered lines, "  12 | code" for a file, "  12 + added", "  13   context" and "     - removed" for a diff.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        if (File is not null) text.Append("File: ").Append(File).Append('\n');
        foreach (var line in Lines)
        {
            var number = line.Number is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(5) : "     ";
            text.Append(number).Append(IsDiff ? $" {line.Mark} " : " | ").Append(line.Text).Append('\n');
        }

        return text.ToString();
    }
}

/// <summary>Reads a file or a unified diff into numbered parts of at most a number of lines each.</summary>
internal static partial class ReviewInput
{
    public static bool LooksLikeDiff(string text) =>
        HunkHeader().IsMatch(text) && (text.StartsWith("diff ", StringComparison.Ordinal) || text.StartsWith("--- ", StringComparison.Ordinal) || text.Contains("\n--- ", StringComparison.Ordinal) || text.StartsWith("@@", StringComparison.Ordinal));

    public static List<ReviewPart> Parse(string text, string? fileName, int partLines)
    {
        var lines = text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        return LooksLikeDiff(text) ? Split(ParseDiff(lines), partLines) : Split([(fileName, false, lines.Select((l, i) => new ReviewLine(i + 1, ' ', l)).ToList())], partLines);
    }

    /// <summary>Unified diff → per file, its hunks' lines with new-side numbers (removed lines unnumbered).</summary>
    private static List<(string? File, bool IsDiff, List<ReviewLine> Lines)> ParseDiff(string[] lines)
    {
        var files = new List<(string? File, bool IsDiff, List<ReviewLine> Lines)>();
        List<ReviewLine>? current = null;
        string? file = null;
        var next = 0;
        foreach (var line in lines)
        {
            if (line.StartsWith("+++ ", StringComparison.Ordinal))
            {
                file = line[4..].Trim();
                if (file.StartsWith("b/", StringComparison.Ordinal)) file = file[2..];
                current = null;
                continue;
            }

            if (line.StartsWith("diff ", StringComparison.Ordinal) || line.StartsWith("--- ", StringComparison.Ordinal) || line.StartsWith("index ", StringComparison.Ordinal))
            {
                continue;
            }

            if (HunkHeader().Match(line) is { Success: true } hunk)
            {
                next = int.Parse(hunk.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (current is null)
                {
                    current = [];
                    files.Add((file, true, current));
                }

                continue;
            }

            if (current is null || line.StartsWith('\\')) continue;   // "\ No newline at end of file"
            var mark = line.Length > 0 ? line[0] : ' ';
            var body = line.Length > 0 ? line[1..] : string.Empty;
            if (mark == '-') current.Add(new ReviewLine(null, '-', body));
            else current.Add(new ReviewLine(next++, mark == '+' ? '+' : ' ', body));
        }

        return files;
    }

    private static List<ReviewPart> Split(List<(string? File, bool IsDiff, List<ReviewLine> Lines)> files, int partLines)
    {
        var parts = new List<ReviewPart>();
        foreach (var (file, isDiff, lines) in files)
        {
            for (var at = 0; at < lines.Count; at += partLines) parts.Add(new ReviewPart(file, isDiff, lines.Skip(at).Take(partLines).ToList()));
        }

        return parts;
    }

    [GeneratedRegex(@"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@", RegexOptions.Multiline)]
    private static partial Regex HunkHeader();
}
