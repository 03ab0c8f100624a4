using System.ComponentModel.DataAnnotations;

namespace Assistant.Core.Storage.Qdrant;

/// <summary>The "Qdrant" section of appsettings.json, used when VectorStore is "Qdrant".</summary>
public sealed class QdrantOptions
{
    public const string SectionName = "Qdrant";

    /// <summary>
    /// Qdrant's address as users know it: the REST port 6333, e.g. http://qdrant:6333 inside docker compose. The store
    /// talks gRPC, so unless <see cref="GrpcUrl"/> is set it connects to the same host on port 6334 (see <see cref="QdrantEndpoint"/>).
    /// </summary>
    [Required]
    public string Url { get; set; } = "http://localhost:6333";

    /// <summary>The gRPC endpoint (port 6334) when it cannot be derived from <see cref="Url"/>: another port, a proxy, a cloud cluster.</summary>
    public string? GrpcUrl { get; set; }

    /// <summary>Name of the environment variable holding the API key; the key itself never goes in configuration.</summary>
    public string? ApiKeyEnv { get; set; }

    /// <summary>
    /// The live name that search and ingest use: a collection alias pointing at the versioned collection
    /// "&lt;Collection&gt;_v&lt;n&gt;" that holds the chunks. Document records go to "&lt;Collection&gt;_documents".
    /// </summary>
    [Required, RegularExpression("^[A-Za-z0-9_-]+$", ErrorMessage = "Qdrant:Collection may contain only letters, digits, '_' and '-'.")]
    public string Collection { get; set; } = "assistant";

    /// <summary>Deadline of one gRPC call, retries included.</summary>
    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Retries after the first attempt while Qdrant is unavailable or rate-limiting (gRPC Unavailable, ResourceExhausted).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Points per upsert request; keeps messages well under gRPC's and Qdrant's size limits.</summary>
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
