using Assistant.Core.Retrieval;
using Assistant.Core.Storage;
using Assistant.Core.Storage.Qdrant;
using Grpc.Core;
using Qdrant.Client.Grpc;
using static Assistant.Tests.Storage.Qdrant.QdrantTestData;

namespace Assistant.Tests.Storage.Qdrant;

/// <summary>
/// An index written before aliases has a real collection under the live name. The first use copies it into the
/// first version, drops it and creates the alias; an interrupted migration is finished by the next use.
/// </summary>
public sealed class QdrantMigrationTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly EmbeddingSpace Old = new("test/old-model", 4);
    private FakeQdrantServer _server = null!;
    private QdrantOptions _options = null!;
    private QdrantConnection _connection = null!;

    private FakeQdrantState State => _server.State;

    public async Task InitializeAsync()
    {
        _server = await FakeQdrantServer.StartAsync();
        _options = _server.Options();
        _connection = new QdrantConnection(_options);
    }

    public async Task DisposeAsync()
    {
        _connection.Dispose();
        await _server.DisposeAsync();
    }

    private QdrantKnowledgeStore NewStore() => new(_connection.Client, _options);

    /// <summary>What the pre-alias version left: a real "kb" with the model in its metadata, 3 embedded chunks, and the document record.</summary>
    private List<PointStruct> SeedLegacy(string name = "kb", EmbeddingSpace? space = null, int points = 3, Dictionary<string, Value>? metadata = null)
    {
        space ??= Old;
        var doc = Document();
        var chunkPoints = Chunks(doc.Id, points).Select((c, i) => QdrantPayloads.ChunkPoint(doc, c, Vectors(points, space.Dimensions)[i], _options)).ToList();
        var create = new CreateCollection
        {
            CollectionName = name,
            VectorsConfig = new VectorsConfig { ParamsMap = new VectorParamsMap { Map = { ["dense"] = new VectorParams { Size = (ulong)space.Dimensions, Distance = Distance.Cosine } } } },
            SparseVectorsConfig = new SparseVectorConfig { Map = { ["bm25"] = new SparseVectorParams { Modifier = Modifier.Idf } } },
        };
        create.Metadata.Add(metadata ?? new Dictionary<string, Value> { ["embedding_model"] = space.Model, ["embedding_dimensions"] = space.Dimensions });
        State.Seed(create, chunkPoints);
        if (!State.CollectionNames.Contains("kb_documents"))
        {
            State.Seed(new CreateCollection { CollectionName = "kb_documents", VectorsConfig = new VectorsConfig { ParamsMap = new VectorParamsMap() } }, [QdrantPayloads.DocumentPoint(doc with { ChunkCount = points })]);
        }

        return chunkPoints;
    }

    [Fact]
    public async Task First_use_copies_the_old_collection_into_v1_drops_it_and_creates_the_alias()
    {
        var legacy = SeedLegacy();

        await NewStore().InitializeAsync(Ct);

        Assert.Equal("kb_v1", State.AliasTarget("kb"));
        Assert.Equal(["kb_documents", "kb_v1"], State.CollectionNames);
        var created = State.CreateRequest("kb_v1");
        Assert.Equal(4ul, created.VectorsConfig.ParamsMap.Map["dense"].Size);
        Assert.Equal(Modifier.Idf, created.SparseVectorsConfig.Map["bm25"].Modifier);
        Assert.Equal("test/old-model", created.Metadata["embedding_model"].StringValue);
        Assert.Equal(legacy.OrderBy(p => p.Id.Uuid).Select(p => p.ToString()), State.Points("kb_v1").OrderBy(p => p.Id.Uuid).Select(p => p.ToString()));

        var store = NewStore();
        Assert.Equal(new EmbeddingState(Old, 3, 3, null), await store.GetEmbeddingStateAsync(Ct));
        Assert.Equal([1], (await store.SearchAsync(new SearchQuery("", 1, SearchMode.Dense, Vector: Vectors(3)[1]), Ct)).Select(h => h.ChunkIndex));
        Assert.Equal("doc-1", Assert.Single(await store.ListDocumentsAsync(Ct)).Id);
    }

    [Fact]
    public async Task A_migration_stopped_before_dropping_the_old_collection_is_finished_by_the_next_use()
    {
        var legacy = SeedLegacy();
        State.Fault = (method, request, _) => request is DeleteCollection { CollectionName: "kb" } ? new Status(StatusCode.Unavailable, "restarting") : null;

        await Assert.ThrowsAsync<QdrantException>(() => NewStore().InitializeAsync(Ct));
        Assert.Equal(["kb", "kb_documents", "kb_v1"], State.CollectionNames);
        Assert.Null(State.AliasTarget("kb"));

        State.Fault = null;
        await NewStore().InitializeAsync(Ct);

        Assert.Equal("kb_v1", State.AliasTarget("kb"));
        Assert.Equal(["kb_documents", "kb_v1"], State.CollectionNames);
        Assert.Equal(legacy.Count, State.Points("kb").Count);
    }

    [Fact]
    public async Task A_migration_stopped_after_dropping_the_old_collection_gets_its_alias_on_the_next_use()
    {
        SeedLegacy();
        State.Fault = (method, _, _) => method == "UpdateAliases" ? new Status(StatusCode.Unavailable, "restarting") : null;

        await Assert.ThrowsAsync<QdrantException>(() => NewStore().InitializeAsync(Ct));
        Assert.Equal(["kb_documents", "kb_v1"], State.CollectionNames);

        State.Fault = null;
        var store = NewStore();
        Assert.Equal(3, (await store.GetStatsAsync(Ct)).Chunks);
        Assert.Equal("kb_v1", State.AliasTarget("kb"));
    }

    [Fact]
    public async Task An_old_style_reindex_cut_off_during_its_swap_is_migrated_from_its_complete_staging_collection()
    {
        var target = new EmbeddingSpace("test/large-model", 8);
        SeedLegacy("kb", Old, points: 1); // the old swap had recreated and partly refilled the live collection
        SeedLegacy("kb__reindex", target, points: 3, metadata: new Dictionary<string, Value>
        {
            ["reindex_target"] = new Dictionary<string, Value> { ["model"] = target.Model, ["dimensions"] = target.Dimensions },
            ["state"] = "ready",
        });

        var store = NewStore();
        await store.InitializeAsync(Ct);

        Assert.Equal(["kb_documents", "kb_v1"], State.CollectionNames);
        Assert.Equal(8ul, State.CreateRequest("kb_v1").VectorsConfig.ParamsMap.Map["dense"].Size);
        Assert.Equal(new EmbeddingState(target, 3, 3, null), await store.GetEmbeddingStateAsync(Ct));
    }
}
