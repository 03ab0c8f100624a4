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
    /// Registers QdrantKnowledgeStore as the IKnowledgeStore, bound to the "Qdrant" section. The composition root
    /// calls this when VectorStore is "Qdrant" and may set QdrantOptions.Dimensions/EmbeddingModel from the embedding model.
    /// </summary>
    public static IServiceCollection AddQdrantKnowledgeStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QdrantOptions>()
            .Bind(configuration.GetSection(QdrantOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The client enforces its own per-attempt timeout, so HttpClient's must not cut in first.
        services.AddHttpClient(nameof(QdrantRestClient), http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp => new QdrantRestClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(QdrantRestClient)),
            sp.GetRequiredService<IOptions<QdrantOptions>>().Value,
            sp.GetService<ILogger<QdrantRestClient>>()));
        services.AddSingleton(sp => new QdrantKnowledgeStore(
            sp.GetRequiredService<QdrantRestClient>(),
            sp.GetRequiredService<IOptions<QdrantOptions>>().Value));
        services.AddSingleton<IKnowledgeStore>(sp => sp.GetRequiredService<QdrantKnowledgeStore>());
        return services;
    }
}
