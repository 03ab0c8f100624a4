using Assistant.Core.KernelHost;
using Microsoft.SemanticKernel;
using SkKernel = Microsoft.SemanticKernel.Kernel;

namespace Assistant.Core.Agents;

/// <summary>
/// The agent's system message, <c>prompts/Agent/System/</c> (validated with the other prompts by <see cref="PromptLibrary"/>),
/// rendered to plain text: the conversation is built as chat messages, not by one prompt template, and the execution
/// settings of its config.json (temperature, max_tokens) are the turn's.
/// </summary>
public sealed class AgentPrompt
{
    public const string PluginName = "Agent";
    public const string FunctionName = "System";

    private readonly IPromptTemplate _template;

    public AgentPrompt(PromptLibrary prompts)
    {
        var folder = Path.Combine(prompts.Root, PluginName, FunctionName);
        var config = PromptTemplateConfig.FromJson(File.ReadAllText(Path.Combine(folder, "config.json")));
        config.Template = File.ReadAllText(Path.Combine(folder, "skprompt.txt"));
        Settings = config.DefaultExecutionSettings ?? new PromptExecutionSettings();
        // The values are ours (a hex nonce, a language name, a fixed sentence, tool names), and the text is not parsed
        // for <message> tags afterwards, so no escaping: the model must see the passage tag literally.
        config.AllowDangerouslySetContent = true;
        foreach (var variable in config.InputVariables) variable.AllowDangerouslySetContent = true;
        _template = new KernelPromptTemplateFactory().Create(config);
    }

    public PromptExecutionSettings Settings { get; }

    public Task<string> RenderAsync(string nonce, string language, string notFound, IReadOnlyList<string> tools, CancellationToken cancellationToken) =>
        _template.RenderAsync(new SkKernel(), new KernelArguments
        {
            ["nonce"] = nonce,
            ["language"] = language,
            ["not_found"] = notFound,
            ["tools"] = tools.Count == 0 ? "none" : string.Join(", ", tools),
        }, cancellationToken);
}
