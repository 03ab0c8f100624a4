using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Prompts;

/// <summary>
/// A prompt in Semantic Kernel's folder layout (<c>prompts/&lt;Plugin&gt;/&lt;Function&gt;/skprompt.txt</c> + <c>config.json</c>),
/// rendered with SK's <c>{{$variable}}</c> syntax and <c>&lt;message role="..."&gt;</c> chat tags, so the same files
/// load unchanged into a Semantic Kernel host later.
/// </summary>
public sealed partial class PromptTemplate
{
    private PromptTemplate(string name, string template, PromptConfig config)
    {
        Name = name;
        Template = template;
        Config = config;
    }

    public string Name { get; }

    public string Template { get; }

    public PromptConfig Config { get; }

    /// <summary>Loads <paramref name="plugin"/>/<paramref name="function"/> from the first prompts folder found.</summary>
    public static PromptTemplate Load(string plugin, string function, string? promptsRoot = null)
    {
        var root = promptsRoot ?? FindPromptsRoot() ?? throw new DirectoryNotFoundException("No prompts/ folder found beside the executable or above the current folder.");
        var dir = Path.Combine(root, plugin, function);
        var promptPath = Path.Combine(dir, "skprompt.txt");
        if (!File.Exists(promptPath)) throw new FileNotFoundException($"Prompt {plugin}/{function} not found: {promptPath}", promptPath);
        var configPath = Path.Combine(dir, "config.json");
        var config = File.Exists(configPath)
            ? JsonSerializer.Deserialize<PromptConfig>(File.ReadAllText(configPath)) ?? new PromptConfig()
            : new PromptConfig();
        return new PromptTemplate($"{plugin}/{function}", File.ReadAllText(promptPath), config);
    }

    /// <summary>Fills the variables and splits the result into chat messages. Values are escaped, so a passage cannot close a message tag.</summary>
    public IReadOnlyList<ChatMessage> Render(IReadOnlyDictionary<string, string> variables)
    {
        foreach (var required in Config.InputVariables.Where(v => v.IsRequired))
        {
            if (!variables.ContainsKey(required.Name)) throw new ArgumentException($"Prompt {Name} needs the variable '{required.Name}'.", nameof(variables));
        }

        var rendered = Variable().Replace(Template, m =>
            variables.TryGetValue(m.Groups[1].Value, out var value) ? WebUtility.HtmlEncode(value) : string.Empty);

        var messages = Message().Matches(rendered)
            .Select(m => new ChatMessage(new ChatRole(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value.Trim())))
            .ToList();
        return messages.Count > 0 ? messages : [new ChatMessage(ChatRole.User, WebUtility.HtmlDecode(rendered.Trim()))];
    }

    /// <summary>The prompt's default execution settings as ChatOptions.</summary>
    public ChatOptions DefaultOptions()
    {
        var settings = Config.ExecutionSettings.GetValueOrDefault("default");
        return new ChatOptions { MaxOutputTokens = settings?.MaxTokens, Temperature = settings?.Temperature };
    }

    public static string? FindPromptsRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "prompts");
                if (Directory.Exists(candidate)) return candidate;
            }
        }

        return null;
    }

    [GeneratedRegex(@"\{\{\s*\$([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex Variable();

    [GeneratedRegex(@"<message\s+role=""(system|user|assistant)"">(.*?)</message>", RegexOptions.Singleline)]
    private static partial Regex Message();
}

/// <summary>config.json of a prompt, as Semantic Kernel defines it (the parts we use).</summary>
public sealed record PromptConfig
{
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("execution_settings")]
    public Dictionary<string, ExecutionSettings> ExecutionSettings { get; init; } = [];

    [JsonPropertyName("input_variables")]
    public List<InputVariable> InputVariables { get; init; } = [];
}

public sealed record ExecutionSettings
{
    [JsonPropertyName("max_tokens")]
    public int? MaxTokens { get; init; }

    [JsonPropertyName("temperature")]
    public float? Temperature { get; init; }
}

public sealed record InputVariable
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("is_required")]
    public bool IsRequired { get; init; }
}
