using System.Text.Json;
using Microsoft.SemanticKernel;
using SkKernel = Microsoft.SemanticKernel.Kernel;

namespace Assistant.Core.KernelHost;

/// <summary>
/// The prompt functions of <c>prompts/</c>, checked once and imported with Semantic Kernel's prompt-directory loader.
/// The plugins are created once and shared by every Kernel (a prompt function keeps no state of its own; it takes the
/// Kernel it runs on as an argument), so a per-question Kernel costs only a service provider.
/// </summary>
public sealed class PromptLibrary
{
    private PromptLibrary(string root, IReadOnlyList<KernelPlugin> plugins)
    {
        Root = root;
        Plugins = plugins;
    }

    public string Root { get; }

    public IReadOnlyList<KernelPlugin> Plugins { get; }

    /// <summary>
    /// Validates every <c>&lt;Plugin&gt;/&lt;Function&gt;/</c> folder under <paramref name="root"/>, then imports each plugin folder.
    /// Throws <see cref="InvalidPromptException"/> naming the first broken file.
    /// </summary>
    public static PromptLibrary Load(string root)
    {
        if (!System.IO.Directory.Exists(root)) throw new InvalidPromptException(root, "no such prompts folder (set Prompts:Directory)");
        var pluginDirs = System.IO.Directory.GetDirectories(root).Order(StringComparer.Ordinal).ToList();
        foreach (var functionDir in pluginDirs.SelectMany(System.IO.Directory.GetDirectories).Order(StringComparer.Ordinal))
        {
            Validate(functionDir);
        }

        // SK's loader takes one plugin folder at a time; the plugin is named after the folder ("Answer").
        var loader = new SkKernel();
        var plugins = pluginDirs.Select(dir => loader.CreatePluginFromPromptDirectory(dir)).ToList();
        return new PromptLibrary(root, plugins);
    }

    /// <summary>Loads the configured folder, or the first <c>prompts</c> folder found when none is configured.</summary>
    public static PromptLibrary Load(PromptsOptions options) =>
        Load(string.IsNullOrWhiteSpace(options.Directory)
            ? FindRoot() ?? throw new InvalidPromptException("prompts", "no prompts folder beside the executable or above the current folder (set Prompts:Directory)")
            : Path.GetFullPath(options.Directory));

    public static string? FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "prompts");
                if (System.IO.Directory.Exists(candidate)) return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// What SK's loader would skip or only trip over at the first question: a folder without skprompt.txt is silently
    /// ignored by it, and a template error otherwise surfaces mid-answer. Here both stop start-up instead.
    /// </summary>
    private static void Validate(string functionDir)
    {
        var promptPath = Path.Combine(functionDir, "skprompt.txt");
        var configPath = Path.Combine(functionDir, "config.json");
        if (!File.Exists(promptPath)) throw new InvalidPromptException(promptPath, "missing (every prompt folder needs skprompt.txt and config.json)");
        if (!File.Exists(configPath)) throw new InvalidPromptException(configPath, "missing (every prompt folder needs skprompt.txt and config.json)");

        PromptTemplateConfig config;
        try
        {
            config = PromptTemplateConfig.FromJson(File.ReadAllText(configPath));
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or NotSupportedException)
        {
            throw new InvalidPromptException(configPath, "not a valid prompt config: " + OneLine(ex.InnerException?.Message ?? ex.Message), ex);
        }

        if (string.IsNullOrWhiteSpace(config.Description)) throw new InvalidPromptException(configPath, "needs a \"description\" (the model and the tool list show it)");
        config.Template = File.ReadAllText(promptPath);
        try
        {
            var template = new KernelPromptTemplateFactory().Create(config);
            // Rendering with placeholder values catches what parsing alone does not, such as a call to a function
            // that no plugin defines. Nothing here awaits real I/O (no model, no functions), so it completes synchronously.
            var arguments = new KernelArguments();
            foreach (var variable in config.InputVariables) arguments[variable.Name] = "x";
            template.RenderAsync(new SkKernel(), arguments).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is KernelException or KeyNotFoundException)
        {
            // KeyNotFoundException: the template calls a function no plugin defines.
            throw new InvalidPromptException(promptPath, "Semantic Kernel cannot use this template: " + OneLine(ex.Message), ex);
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
