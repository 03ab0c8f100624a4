namespace Assistant.Plugins.Sentiment;

/// <summary>Checks a call's arguments before anything runs, with messages that name the argument at fault.</summary>
internal static class SentimentArguments
{
    private static readonly string[] Known = ["ko", "en"];

    public static void ValidateText(string? text, SentimentOptions options, string name = "text")
    {
        if (string.IsNullOrWhiteSpace(text)) throw new SentimentArgumentException($"{name}: the text is empty", name);
        if (text.Length > options.MaxTextChars)
        {
            throw new SentimentArgumentException($"{name}: {text.Length} characters is over the limit of {options.MaxTextChars} (Plugins:Sentiment:MaxTextChars)", name);
        }
    }

    /// <summary>Null, empty or "auto" means detect; otherwise a supported code, returned lower-case.</summary>
    public static string? ValidateLanguage(string? language)
    {
        if (string.IsNullOrWhiteSpace(language) || language.Equals("auto", StringComparison.OrdinalIgnoreCase)) return null;
        var code = language.Trim().ToLowerInvariant();
        return Array.IndexOf(Known, code) >= 0
            ? code
            : throw new SentimentArgumentException($"language: unknown language code '{language}' (use ko, en or auto)", nameof(language));
    }

    /// <summary>Korean when Hangul makes up at least a third of the letters, else English.</summary>
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

/// <summary>
/// An argument of a sentiment call that was rejected before any analysis or model call. The message starts with the
/// argument's name ("text: the text is empty") and, unlike <see cref="ArgumentException"/>'s, has no "(Parameter …)" tail,
/// so a surface can print it as is.
/// </summary>
/// <param name="message">What is wrong, starting with the argument's name.</param>
/// <param name="paramName">The argument at fault.</param>
public sealed class SentimentArgumentException(string message, string paramName) : ArgumentException(message, paramName)
{
    private readonly string _message = message;

    /// <inheritdoc />
    public override string Message => _message;
}
