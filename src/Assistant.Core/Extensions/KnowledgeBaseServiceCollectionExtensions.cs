using Assistant.Core.Answering;
using Assistant.Core.Answering.Extractive;
using Assistant.Core.Ingestion;
using Assistant.Core.Ingestion.Chunking;
using Assistant.Core.Ingestion.Extraction;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage;
using Assistant.Core.Storage.Sqlite;
using Assistant.Core.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Assistant.Core.Extensions;

public static class KnowledgeBaseServiceCollectionExtensions
{
    /// <summary>Ingestion, the knowledge store chosen by "VectorStore", retrieval and answering.</summary>
    public static IServiceCollection AddKnowledgeBase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StoreOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IngestionOptions>().Bind(configuration.GetSection(IngestionOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetrievalOptions>().Bind(configuration.GetSection(RetrievalOptions.SectionName)).ValidateOnStart();
        services.AddOptions<ChunkingOptions>().Bind(configuration.GetSection(ChunkingOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IDocumentExtractor>(sp => new PlainTextExtractor(sp.GetRequiredService<IOptions<IngestionOptions>>().Value));
        services.AddSingleton<IDocumentExtractor>(sp => new MarkdownExtractor(sp.GetRequiredService<IOptions<IngestionOptions>>().Value));
        services.AddSingleton<IDocumentExtractor>(sp => new HtmlExtractor(sp.GetRequiredService<IOptions<IngestionOptions>>().Value));
        services.AddSingleton<IDocumentExtractor>(sp => new DocxExtractor(sp.GetRequiredService<IOptions<IngestionOptions>>().Value));
        services.AddSingleton<IDocumentExtractor>(sp => new PdfExtractor(sp.GetRequiredService<IOptions<IngestionOptions>>().Value.MaxFileBytes));
        services.AddSingleton<ExtractorRegistry>();
        services.AddSingleton<DocumentNormalizer>();
        services.AddSingleton<ITokenCounter>(O200kTokenCounter.Instance);
        services.AddSingleton(sp => new StructureAwareChunker(sp.GetRequiredService<IOptions<ChunkingOptions>>().Value, sp.GetRequiredService<ITokenCounter>()));

        if (string.Equals(configuration["VectorStore"], nameof(VectorStoreKind.Qdrant), StringComparison.OrdinalIgnoreCase))
        {
            services.AddQdrantKnowledgeStore(configuration);
        }

        services.AddSingleton<IKnowledgeStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            return options.VectorStore switch
            {
                VectorStoreKind.Embedded => new SqliteKnowledgeStore(options.DatabasePath, sp.GetRequiredService<IOptions<RetrievalOptions>>().Value),
                VectorStoreKind.Qdrant => sp.GetRequiredService<Storage.Qdrant.QdrantKnowledgeStore>(),
                _ => throw new InvalidOperationException($"VectorStore '{options.VectorStore}' is not available in this build; known: {string.Join(", ", Enum.GetNames<VectorStoreKind>())}."),
            };
        });

        services.AddSingleton(sp => new IngestionPipeline(
            sp.GetRequiredService<IKnowledgeStore>(),
            sp.GetRequiredService<ExtractorRegistry>(),
            sp.GetRequiredService<DocumentNormalizer>(),
            sp.GetRequiredService<StructureAwareChunker>(),
            sp.GetRequiredService<IOptions<IngestionOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IEmbeddingGenerator<string, Embedding<float>>>(),
            sp.GetService<ILogger<IngestionPipeline>>()));
        services.AddSingleton(sp => new EmbeddingReindexer(
            sp.GetRequiredService<IKnowledgeStore>(),
            sp.GetRequiredService<IOptions<IngestionOptions>>().Value,
            sp.GetService<IEmbeddingGenerator<string, Embedding<float>>>()));
        services.AddSingleton(sp => new KnowledgeRetriever(sp.GetRequiredService<IKnowledgeStore>(), sp.GetService<IEmbeddingGenerator<string, Embedding<float>>>()));
        services.AddOptions<ExtractiveOptions>().Bind(configuration.GetSection(ExtractiveOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new ExtractiveAnswerer(
            sp.GetRequiredService<IKnowledgeStore>(),
            sp.GetRequiredService<IOptions<ExtractiveOptions>>().Value,
            sp.GetService<IEmbeddingGenerator<string, Embedding<float>>>()));
        services.AddSingleton(sp => new SampleCorpusBootstrap(sp.GetRequiredService<IKnowledgeStore>(), () => sp.GetRequiredService<IngestionPipeline>(), sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IOptions<StoreOptions>>().Value));
        return services;
    }
}
