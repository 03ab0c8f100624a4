namespace Assistant.Plugins.Common;

/// <summary>The language codes the plugins accept, with the names prompts use.</summary>
public static class LanguageCodes
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["ko"] = "Korean", ["en"] = "English", ["ja"] = "Japanese", ["zh"] = "Chinese",
        ["es"] = "Spanish", ["fr"] = "French", ["de"] = "German",
    };

    /// <summary>Every supported code.</summary>
    public static IReadOnlyCollection<string> Known => Names.Keys;

    /// <summary>The English name of a supported code ("ko" → "Korean").</summary>
    /// <param name="code">A supported code.</param>
    public static string NameOf(string code) => Names.TryGetValue(code, out var name) ? name : code;

    /// <summary>Null for null, empty or "auto" (meaning: detect); otherwise the code, lower-case, or an argument error naming <paramref name="argument"/>.</summary>
    /// <param name="code">The code given.</param>
    /// <param name="argument">The argument's name, for the message.</param>
    public static string? Validate(string? code, string argument)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase)) return null;
        var normal = code.Trim().ToLowerInvariant();
        return Names.ContainsKey(normal)
            ? normal
            : throw new PluginArgumentException($"{argument}: unknown language code '{code}' (use one of {string.Join(", ", Names.Keys)})", argument);
    }

    /// <summary>Korean when Hangul makes up at least a third of the letters, else English.</summary>
    /// <param name="text">The text.</param>
    public static string Detect(string text)
    {
        int hangul = 0, letters = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c)) continue;
            letters++;
            if (c is >= '\uAC00' and <= '\uD7A3' or >= '\u1100' and <= '\u11FF' or >= '\u3130' and <= '\u318F') hangul++;
        }

        return letters > 0 && hangul * 3 >= letters ? "ko" : "en";
    }
}
