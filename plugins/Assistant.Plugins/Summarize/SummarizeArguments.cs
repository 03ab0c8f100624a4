using System.Globalization;
using Assistant.Plugins.Common;

namespace Assistant.Plugins.Summarize;

/// <summary>How to summarise: length as a word budget, style, output language (null = the source's).</summary>
internal sealed record SummarySpec(int Words, string Style, string? Language)
{
    public const string Bullets = "bullets";
    public const string Paragraph = "paragraph";
    public const string Tldr = "tldr";

    public static SummarySpec Parse(string? length, string? style, string? language)
    {
        return new SummarySpec(ParseLength(length), ParseStyle(style), LanguageCodes.Validate(language, "language"));
    }

    private static int ParseLength(string? length)
    {
        switch (length?.Trim().ToLowerInvariant())
        {
            case null or "" or "medium": return 150;
            case "short": return 60;
            case "long": return 300;
        }

        // A number is a word budget; the bounds keep the reply inside any output limit.
        if (int.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var words) && words is >= 10 and <= 2000) return words;
        throw new PluginArgumentException($"length: '{length}' is not short, medium, long or a word budget from 10 to 2000", nameof(length));
    }

    private static string ParseStyle(string? style) => style?.Trim().ToLowerInvariant() switch
    {
        null or "" or Bullets => Bullets,
        Paragraph => Paragraph,
        Tldr or "tl;dr" => Tldr,
        _ => throw new PluginArgumentException($"style: '{style}' is not bullets, paragraph or tldr", nameof(style)),
    };

    /// <summary>Writes points in the style, each followed by its source markers.</summary>
    public string Render(IEnumerable<SummaryPoint> points)
    {
        var lines = points.Select(p => p.Text.Trim() + (p.Sources.Count > 0 ? " " + string.Concat(p.Sources.Distinct().Order().Select(n => $"[{n}]")) : string.Empty)).ToList();
        return Style switch
        {
            Bullets => string.Join("\n", lines.Select(l => "- " + l)),
            Tldr => "TL;DR: " + string.Join(" ", lines),
            _ => string.Join(" ", lines),
        };
    }
}
