using Assistant.Core.Retrieval;
using Assistant.Plugins.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Mcp;

/// <summary>
/// The knowledge base the tools work on. <c>assistant mcp</c> serves its own container's index; a multi-tenant host
/// (the support-bot server) registers its own scope, which resolves the caller's knowledge base on every call, so
/// search_documents, ask and summarize never read another base's documents.
/// </summary>
public interface IMcpDocumentScope
{
    /// <summary>The services of the base: its <c>KnowledgeRetriever</c> and <c>AnswerService</c>.</summary>
    IServiceProvider Services { get; }

    /// <summary>The filter every search and answer applies (null: none).</summary>
    SearchFilter? Filter { get; }

    /// <summary>Plugins over the base's store (summaries of its documents).</summary>
    AssistantPlugins Plugins { get; }
}

/// <summary>The host's own container: one knowledge base, no filter.</summary>
internal sealed class ContainerDocumentScope(IServiceProvider services) : IMcpDocumentScope
{
    public IServiceProvider Services { get; } = services;

    public SearchFilter? Filter => null;

    public AssistantPlugins Plugins => Services.GetRequiredService<AssistantPlugins>();
}
