using System.Reflection;
using Microsoft.SemanticKernel;

namespace Assistant.Core.Agents;

/// <summary>An extra plugin offered to the agent as tools (the plugins library, MCP tools); registered with <c>AddAgentTools</c>.</summary>
public sealed record AgentToolPlugin(KernelPlugin Plugin);

/// <summary>
/// The tools an agent turn can see: <c>search_documents</c> plus any extra plugins, and the rules about them that do
/// not depend on the turn: which names an allow-list entry matches, and which tools have side effects.
/// </summary>
public sealed class AgentToolSet(IEnumerable<AgentToolPlugin>? extra = null)
{
    private readonly IReadOnlyList<KernelPlugin> _extra = [.. (extra ?? []).Select(p => p.Plugin)];

    public IReadOnlyList<KernelPlugin> ExtraPlugins => _extra;

    /// <summary>The plugins of one turn: the turn's document search first, then the extra plugins.</summary>
    internal IReadOnlyList<KernelPlugin> ForTurn(DocumentSearchPlugin search) =>
        [KernelPluginFactory.CreateFromObject(search, DocumentSearchPlugin.PluginName), .. _extra];

    /// <summary>The name a tool is called by in records and allow-lists: the function name (<c>search_documents</c>).</summary>
    public static string NameOf(KernelFunction function) => function.Name;

    /// <summary>Whether an allow-list entry names <paramref name="function"/>: its own name, or <c>Plugin_function</c> / <c>Plugin.function</c>.</summary>
    public static bool IsAllowed(KernelFunction function, IReadOnlyCollection<string> allowed) =>
        allowed.Any(entry =>
            string.Equals(entry, function.Name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(entry, $"{function.PluginName}_{function.Name}", StringComparison.OrdinalIgnoreCase)
            || string.Equals(entry, $"{function.PluginName}.{function.Name}", StringComparison.OrdinalIgnoreCase));

    /// <summary>A tool with side effects: its method carries <see cref="SideEffectsAttribute"/>, or its metadata says <c>side_effects: true</c>.</summary>
    public static bool HasSideEffects(KernelFunction function) =>
        function.UnderlyingMethod?.GetCustomAttribute<SideEffectsAttribute>() is not null
        || (function.Metadata.AdditionalProperties.TryGetValue(SideEffectsAttribute.MetadataKey, out var flag) && flag is true or "true");
}
