using Assistant.Core.Agents;
using Assistant.Core.Answering;
using Assistant.Core.KernelHost;
using Assistant.Core.Retrieval;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace Assistant.Core.Extensions;

public static class AgentServiceCollectionExtensions
{
    /// <summary>
    /// The document agent (needs <c>AddKnowledgeBase</c> and <c>AddAssistantKernel</c>): <see cref="DocumentAgent"/>, its
    /// system prompt (<c>prompts/Agent/System</c>), the tool set (search_documents plus every plugin added with
    /// <see cref="AddAgentTools"/>), and the limits of the <c>Agent</c> section.
    /// </summary>
    public static IServiceCollection AddDocumentAgent(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AgentOptions>().Bind(configuration.GetSection(AgentOptions.SectionName)).ValidateDataAnnotations();
        services.TryAddSingleton(sp => new AgentPrompt(sp.GetRequiredService<PromptLibrary>()));
        // Every KernelPlugin service (the plugins library registers its native plugins so) is offered too; the allow-list
        // of each entry point still decides which may run.
        services.TryAddSingleton(sp => new AgentToolSet(sp.GetServices<AgentToolPlugin>().Concat(sp.GetServices<KernelPlugin>().Select(p => new AgentToolPlugin(p)))));
        services.TryAddSingleton(sp => new DocumentAgent(
            sp.GetRequiredService<KnowledgeRetriever>(),
            sp.GetRequiredService<AgentPrompt>(),
            sp.GetRequiredService<AgentToolSet>(),
            sp.GetRequiredService<IOptions<AgentOptions>>(),
            sp.GetService<CitationChecker>(),
            sp.GetService<ILogger<DocumentAgent>>(),
            sp.GetService<TimeProvider>()));
        return services;
    }

    /// <summary>Offers <paramref name="plugin"/>'s functions to the agent as tools; each entry point's allow-list still decides which may run.</summary>
    public static IServiceCollection AddAgentTools(this IServiceCollection services, KernelPlugin plugin) =>
        services.AddSingleton(new AgentToolPlugin(plugin));
}
