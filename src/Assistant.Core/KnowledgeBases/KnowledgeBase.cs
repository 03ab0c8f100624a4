using Assistant.Core.Ingestion;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Core.KnowledgeBases;

/// <summary>
/// One knowledge base's own services: store, ingestion, retrieval and reindexing over its own index. Everything a
/// surface does for a caller bound to this base goes through here, so nothing can reach another base's index.
/// </summary>
public sealed class KnowledgeBase(string name, IServiceProvider services, StoreOptions store)
{
    /// <summary>Upload folder under the base's data folder (the server saves uploaded files here before ingesting).</summary>
    public const string UploadFolderName = "uploads";

    public string Name { get; } = name;

    /// <summary>The base's container (the root one for "default"), for services a later surface needs per base.</summary>
    public IServiceProvider Services { get; } = services;

    public StoreOptions StoreOptions { get; } = store;

    public string DataDirectory => Path.GetFullPath(StoreOptions.DataDirectory);

    public string UploadDirectory => Path.Combine(DataDirectory, UploadFolderName);

    public IKnowledgeStore Store => Services.GetRequiredService<IKnowledgeStore>();

    public IngestionPipeline Pipeline => Services.GetRequiredService<IngestionPipeline>();

    public KnowledgeRetriever Retriever => Services.GetRequiredService<KnowledgeRetriever>();

    public EmbeddingReindexer Reindexer => Services.GetRequiredService<EmbeddingReindexer>();

    /// <summary>
    /// Every search of this base also filters on the base's name: a second wall behind the separate index, which also
    /// keeps out documents that `assistant ingest --kb OTHER` put into the same folder.
    /// </summary>
    public SearchFilter Scope(SearchFilter? filter) => (filter ?? SearchFilter.None) with { KnowledgeBase = Name };

    /// <summary>This base's documents (a shared folder may hold other bases' documents too, see <see cref="Scope"/>).</summary>
    public async Task<IReadOnlyList<Documents.DocumentRecord>> ListDocumentsAsync(CancellationToken cancellationToken)
    {
        await Store.InitializeAsync(cancellationToken);
        var all = await Store.ListDocumentsAsync(cancellationToken);
        return [.. all.Where(d => string.Equals(d.KnowledgeBase, Name, StringComparison.Ordinal))];
    }

    /// <summary>This base's document <paramref name="documentId"/>, or null (also when it belongs to another base).</summary>
    public async Task<Documents.DocumentRecord?> GetDocumentAsync(string documentId, CancellationToken cancellationToken)
    {
        await Store.InitializeAsync(cancellationToken);
        var document = await Store.GetDocumentAsync(documentId, cancellationToken);
        return document is not null && string.Equals(document.KnowledgeBase, Name, StringComparison.Ordinal) ? document : null;
    }

    /// <summary>Answers over this base only (needs <c>AddModels</c> and <c>AddAssistantKernel</c> in the root composition).</summary>
    public Task<Answering.AnswerResult> AnswerAsync(Answering.AnswerRequest request, CancellationToken cancellationToken) =>
        Services.GetRequiredService<Answering.AnswerService>().AnswerAsync(request with { Filter = Scope(request.Filter) }, cancellationToken);

    public Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int top, SearchMode mode, SearchFilter? filter, CancellationToken cancellationToken) =>
        Retriever.SearchAsync(query, top, mode, Scope(filter), cancellationToken);
}
