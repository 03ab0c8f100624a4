using Assistant.Core.Storage;
using Assistant.Core.Storage.Qdrant;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Storage.Qdrant;

/// <summary>
/// The contract suite against a real Qdrant (e.g. `docker compose up qdrant` then QDRANT_URL=http://localhost:6333;
/// QDRANT_API_KEY is sent when set). Each test gets its own collections, dropped afterwards.
/// </summary>
[SkipUnlessEnvironment("QDRANT_URL")]
public sealed class QdrantKnowledgeStoreContractTests : KnowledgeStoreContract
{
    private QdrantRestClient? _client;
    private QdrantOptions? _options;

    protected override async Task<IKnowledgeStore> CreateStoreAsync()
    {
        _options = new QdrantOptions
        {
            Url = Environment.GetEnvironmentVariable("QDRANT_URL")!,
            ApiKeyEnv = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("QDRANT_API_KEY")) ? null : "QDRANT_API_KEY",
            Collection = "contract_" + Guid.NewGuid().ToString("N")[..12],
        };
        _client = new QdrantRestClient(new HttpClient(), _options);
        var store = new QdrantKnowledgeStore(_client, _options);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    protected override async Task DisposeStoreAsync(IKnowledgeStore store)
    {
        await _client!.DeleteCollectionAsync(_options!.Collection, CancellationToken.None);
        await _client.DeleteCollectionAsync(_options.DocumentsCollection, CancellationToken.None);
    }
}
