using Assistant.Core.Storage;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Retrieval;

/// <summary>
/// The one entry point for finding passages: embeds the query when an embedding model is configured
/// (hybrid search), otherwise searches by keyword.
/// </summary>
public sealed class KnowledgeRetriever(IKnowledgeStore store, IEmbeddingGenerator<string, Embedding<float>>? embedder = null)
{
    public bool HasEmbeddings => embedder is not null;

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string text, int top, SearchMode mode = SearchMode.Hybrid, SearchFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ReadOnlyMemory<float>? vector = null;
        if (embedder is not null && mode != SearchMode.Keyword)
        {
            var embedding = await embedder.GenerateAsync([text], cancellationToken: cancellationToken);
            vector = embedding[0].Vector;
            var state = await store.GetEmbeddingStateAsync(cancellationToken);
            EmbeddingCompatibility.ThrowIfIncompatible(state, EmbeddingSpace.ModelName(embedder), vector.Value.Length, EmbeddingUse.Search);
        }
        else if (mode == SearchMode.Dense)
        {
            throw new InvalidOperationException("Dense search needs an embedding model: set Models:DefaultEmbedding to an embedding profile.");
        }

        return await store.SearchAsync(new SearchQuery(text, top, mode, filter, vector), cancellationToken);
    }
}
