using Assistant.Core.Storage;
using Assistant.Core.Storage.Qdrant;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Assistant.Core.Extensions;

public static class QdrantServiceCollectionExtensions
{
    /// <summary>
    /// Registers QdrantKnowledgeStore as the IKnowledgeStore, bound to the "Qdrant" section, over one gRPC connection.
    /// The composition root calls this when VectorStore is "Qdrant" and may set QdrantOptions.Dimensions/EmbeddingModel
    /// from the embedding model.
    /// </summary>
    public static IServiceCollection AddQdrantKnowledgeStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QdrantOptions>()
            .Bind(configuration.GetSection(QdrantOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<QdrantOptions>, QdrantOptionsValidator>();

        services.AddSingleton(sp => new QdrantConnection(sp.GetRequiredService<IOptions<QdrantOptions>>().Value, sp.GetService<ILoggerFactory>()));
        services.AddSingleton(sp => new QdrantKnowledgeStore(
            sp.GetRequiredService<QdrantConnection>().Client,
            sp.GetRequiredService<IOptions<QdrantOptions>>().Value));
        services.AddSingleton<IKnowledgeStore>(sp => sp.GetRequiredService<QdrantKnowledgeStore>());
        return services;
    }
}
