using System.Collections.Concurrent;
using Assistant.Core.KnowledgeBases;
using Assistant.Core.Retrieval;
using Assistant.Mcp;
using Assistant.Plugins.Hosting;

namespace Assistant.Server.Security;

/// <summary>
/// The MCP tools' documents on this server: the knowledge base of the key on the current request (tool calls run in
/// the execution context of the POST that carries them), never one named in the call.
/// </summary>
public sealed class KeyDocumentScope(IHttpContextAccessor http, IServiceProvider root) : IMcpDocumentScope
{
    private readonly ConcurrentDictionary<KnowledgeBase, AssistantPlugins> _plugins = new();

    private KnowledgeBase Base => (http.HttpContext ?? throw new InvalidOperationException("An MCP tool ran outside an HTTP request.")).KnowledgeBase();

    public IServiceProvider Services => Base.Services;

    public SearchFilter? Filter => Base.Scope(null);

    /// <summary>
    /// Plugins reading the base's own store and retriever (summaries of documents), filtered on the base's name as every
    /// search of it is (<see cref="KnowledgeBase.Scope"/>); models and settings from the root.
    /// </summary>
    public AssistantPlugins Plugins => _plugins.GetOrAdd(Base, kb => ActivatorUtilities.CreateInstance<AssistantPlugins>(root, kb.Store, kb.Retriever, kb.Name));
}
