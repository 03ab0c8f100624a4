namespace Assistant.Core.KernelHost;

/// <summary>The "Prompts" section: where the prompt functions live.</summary>
public sealed class PromptsOptions
{
    public const string SectionName = "Prompts";

    /// <summary>
    /// Folder holding <c>&lt;Plugin&gt;/&lt;Function&gt;/{skprompt.txt,config.json}</c>. Empty: the first <c>prompts</c>
    /// folder beside the executable or above the current folder (the build copies it beside the executable).
    /// </summary>
    public string? Directory { get; set; }
}
