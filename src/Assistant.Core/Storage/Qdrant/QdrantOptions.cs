using System.ComponentModel.DataAnnotations;

namespace Assistant.Core.Storage.Qdrant;

/// <summary>The "Qdrant" section of appsettings.json, used when VectorStore is "Qdrant".</summary>
public sealed class QdrantOptions
{
    public const string SectionName = "Qdrant";

    /// <summary>REST endpoint (port 6333), e.g. http://qdrant:6333 inside docker compose.</summary>
    [Required]
    public string Url { get; set; } = "http://localhost:6333";

    /// <summary>Name of the environment variable holding the API key; the key itself never goes in configuration.</summary>
    public string? ApiKeyEnv { get; set; }

    /// <summary>Chunk collection; document records go to "&lt;Collection&gt;_documents".</summary>
    [Required, RegularExpression("^[A-Za-z0-9_-]+$", ErrorMessage = "Qdrant:Collection may contain only letters, digits, '_' and '-'.")]
    public string Collection { get; set; } = "assistant";

    /// <summary>Per-attempt timeout of one HTTP request.</summary>
    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Retries after the first attempt on 5xx, timeouts and connection errors.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Points per upsert request; keeps request bodies well under Qdrant's 32 MB default limit.</summary>
    [Range(1, 10_000)]
    public int UpsertBatchSize { get; set; } = 256;

    /// <summary>Name of the dense vector in the collection.</summary>
    [Required]
    public string VectorName { get; set; } = "dense";

    /// <summary>Name of the BM25-style sparse vector used by keyword and hybrid search.</summary>
    [Required]
    public string SparseVectorName { get; set; } = "bm25";

    /// <summary>
    /// Dense vector size, set from the embedding model. When null the collection is created on the first upsert
    /// with the size of the first embedding (or without a dense vector when there are no embeddings).
    /// </summary>
    [Range(1, 65_536)]
    public int? Dimensions { get; set; }

    /// <summary>Reported by GetStats; set by the composition root from the embedding model's name.</summary>
    public string? EmbeddingModel { get; set; }

    public string DocumentsCollection => Collection + "_documents";
}
