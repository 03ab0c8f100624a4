using Assistant.Core.Storage;
using Assistant.Core.Storage.Sqlite;

namespace Assistant.Tests.Storage.Sqlite;

/// <summary>The shared store contract against the embedded store, on a real SQLite file.</summary>
public sealed class SqliteKnowledgeStoreContractTests : KnowledgeStoreContract
{
    private readonly string _dir = Directory.CreateTempSubdirectory("assistant-contract-").FullName;

    protected override async Task<IKnowledgeStore> CreateStoreAsync()
    {
        var store = new SqliteKnowledgeStore(Path.Combine(_dir, "contract.db"));
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    protected override Task DisposeStoreAsync(IKnowledgeStore store)
    {
        ((SqliteKnowledgeStore)store).Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }
}
