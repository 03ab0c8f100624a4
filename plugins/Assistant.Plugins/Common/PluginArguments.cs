namespace Assistant.Plugins.Common;

/// <summary>Argument checks shared by the plugins; each message names the argument at fault.</summary>
internal static class PluginArguments
{
    public static void RequireText(string? text, int maxChars, string setting, string name = "text")
    {
        if (string.IsNullOrWhiteSpace(text)) throw new PluginArgumentException($"{name}: the text is empty", name);
        if (text.Length > maxChars)
        {
            throw new PluginArgumentException($"{name}: {text.Length} characters is over the limit of {maxChars} ({setting})", name);
        }
    }

    public static void RequirePositive(int value, string setting)
    {
        // A zero limit would reject every input with a message about the input rather than about the setting.
        if (value < 1) throw new PluginArgumentException($"options: {setting} must be at least 1 (it is {value})", "options");
    }
}
