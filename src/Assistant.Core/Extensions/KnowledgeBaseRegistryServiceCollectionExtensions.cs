using Assistant.Core.KnowledgeBases;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Assistant.Core.Extensions;

public static class KnowledgeBaseRegistryServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="KnowledgeBaseRegistry"/>: named knowledge bases from <c>KnowledgeBases:&lt;name&gt;</c>, each over its
    /// own index (needs <c>AddKnowledgeBase</c>; with <c>AddModels</c> and <c>AddAssistantKernel</c> each base answers too).
    /// </summary>
    public static IServiceCollection AddKnowledgeBaseRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(sp => new KnowledgeBaseRegistry(sp, configuration));
        return services;
    }
}
