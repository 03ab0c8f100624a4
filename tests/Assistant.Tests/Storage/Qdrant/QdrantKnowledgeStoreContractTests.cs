using Assistant.Core.Storage;
using Assistant.Core.Storage.Qdrant;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Storage.Qdrant;

/// <summary>The contract suite against the fake Qdrant gRPC server on loopback, through the real QdrantClient. Always runs.</summary>
public sealed class FakeQdrantKnowledgeStoreContractTests : KnowledgeStoreContract
{
    private FakeQdrantServer? _server;
    private QdrantConnection? _connection;

    protected override async Task<IKnowledgeStore> CreateStoreAsync()
    {
        _server = await FakeQdrantServer.StartAsync();
        var options = _server.Options(o => o.UpsertBatchSize = 256);
        _connection = new QdrantConnection(options);
        var store = new QdrantKnowledgeStore(_connection.Client, options);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    protected override async Task DisposeStoreAsync(IKnowledgeStore store)
    {
        _connection?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>
/// The contract suite against a real Qdrant (e.g. `docker compose up qdrant` then QDRANT_URL=http://localhost:6333;
/// the gRPC port 6334 is derived from it, QDRANT_GRPC_URL overrides it; QDRANT_API_KEY is sent when set). Each test
/// gets its own collections and alias, dropped afterwards.
/// </summary>
[SkipUnlessEnvironment("QDRANT_URL")]
public sealed class QdrantKnowledgeStoreContractTests : KnowledgeStoreContract
{
    private QdrantConnection? _connection;
    private QdrantOptions? _options;

    protected override async Task<IKnowledgeStore> CreateStoreAsync()
    {
        _options = new QdrantOptions
        {
            Url = Environment.GetEnvironmentVariable("QDRANT_URL")!,
            GrpcUrl = Environment.GetEnvironmentVariable("QDRANT_GRPC_URL"),
            ApiKeyEnv = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("QDRANT_API_KEY")) ? null : "QDRANT_API_KEY",
            Collection = "contract_" + Guid.NewGuid().ToString("N")[..12],
        };
        _connection = new QdrantConnection(_options);
        var store = new QdrantKnowledgeStore(_connection.Client, _options);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    protected override async Task DisposeStoreAsync(IKnowledgeStore store)
    {
        var client = _connection!.Client;
        foreach (var name in await client.ListCollectionsAsync())
        {
            if (name.StartsWith(_options!.Collection, StringComparison.Ordinal))
            {
                await client.DeleteCollectionAsync(name);
            }
        }

        _connection.Dispose();
    }
}
