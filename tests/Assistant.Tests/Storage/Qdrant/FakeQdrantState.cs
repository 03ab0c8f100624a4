using Google.Protobuf.Collections;
using Grpc.Core;
using Qdrant.Client.Grpc;

namespace Assistant.Tests.Storage.Qdrant;

/// <summary>What the fake Qdrant holds: collections (create request, metadata, points), aliases and the request log.</summary>
internal sealed class FakeQdrantState
{
    public object Lock { get; } = new();

    internal List<RecordedCall> CallsList { get; } = [];

    public Dictionary<string, FakeCollection> Collections { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Aliases { get; } = new(StringComparer.Ordinal);

    /// <summary>Given the method name, the request and its 0-based sequence number: a status to fail with, or null to serve it.</summary>
    public Func<string, Google.Protobuf.IMessage, int, Status?>? Fault { get; set; }

    /// <summary>Runs before a request is served (outside the lock): lets a test act while the store waits on that call.</summary>
    public Func<string, Google.Protobuf.IMessage, Task>? Before { get; set; }

    public IReadOnlyList<RecordedCall> Calls
    {
        get { lock (Lock) return CallsList.ToList(); }
    }

    public IReadOnlyList<T> Requests<T>() => Calls.Select(c => c.Request).OfType<T>().ToList();

    public IReadOnlyCollection<string> CollectionNames
    {
        get { lock (Lock) return Collections.Keys.Order(StringComparer.Ordinal).ToList(); }
    }

    public string? AliasTarget(string alias)
    {
        lock (Lock) return Aliases.GetValueOrDefault(alias);
    }

    /// <summary>Copies of the points of a collection (or of the collection an alias points at), in id order.</summary>
    public IReadOnlyList<PointStruct> Points(string nameOrAlias)
    {
        lock (Lock) return Resolve(nameOrAlias).Points.Values.Select(p => p.Clone()).ToList();
    }

    public CreateCollection CreateRequest(string name)
    {
        lock (Lock) return Collections[name].Create.Clone();
    }

    public MapField<string, Value> Metadata(string name)
    {
        lock (Lock) return Collections[name].Metadata.Clone();
    }

    /// <summary>Adds a collection as if created earlier (e.g. by the pre-alias version), with points.</summary>
    public void Seed(CreateCollection create, IEnumerable<PointStruct>? points = null)
    {
        lock (Lock)
        {
            var collection = new FakeCollection(create.Clone());
            foreach (var p in points ?? [])
            {
                collection.Upsert(p);
            }

            Collections[create.CollectionName] = collection;
        }
    }

    /// <summary>A real collection by name, or the one an alias points at (Qdrant resolves aliases for point operations).</summary>
    public FakeCollection Resolve(string nameOrAlias) =>
        Collections.TryGetValue(Aliases.GetValueOrDefault(nameOrAlias) ?? nameOrAlias, out var c)
            ? c
            : throw new FakeQdrantError(StatusCode.NotFound, $"Not found: Collection `{nameOrAlias}` doesn't exist!");

    /// <summary>A real collection by name only, as Qdrant's collection-level calls are used by the store.</summary>
    public FakeCollection Real(string name) =>
        Collections.TryGetValue(name, out var c) ? c : throw new FakeQdrantError(StatusCode.NotFound, $"Not found: Collection `{name}` doesn't exist!");
}

/// <summary>One collection: how it was created, its metadata, and its points keyed so that ordinal order is Qdrant's id order.</summary>
internal sealed class FakeCollection(CreateCollection create)
{
    public CreateCollection Create { get; } = create;

    public MapField<string, Value> Metadata { get; } = create.Metadata.Clone();

    public SortedDictionary<string, PointStruct> Points { get; } = new(StringComparer.Ordinal);

    /// <summary>Integer ids before UUIDs, each ascending, as Qdrant orders them.</summary>
    public static string Key(PointId id) => id.PointIdOptionsCase == PointId.PointIdOptionsOneofCase.Num
        ? "0:" + id.Num.ToString("D20", System.Globalization.CultureInfo.InvariantCulture)
        : "1:" + Guid.Parse(id.Uuid).ToString("D");

    public void Upsert(PointStruct point)
    {
        var named = point.Vectors?.VectorsOptionsCase switch
        {
            null or Vectors.VectorsOptionsOneofCase.None => new NamedVectors(),
            Vectors.VectorsOptionsOneofCase.Vectors_ => point.Vectors.Vectors_,
            _ => throw new FakeQdrantError(StatusCode.InvalidArgument, "the fake stores named vectors only"),
        };
        foreach (var (name, vector) in named.Vectors)
        {
            Check(name, vector);
        }

        Points[Key(point.Id)] = new PointStruct { Id = point.Id.Clone(), Payload = { point.Payload }, Vectors = new Vectors { Vectors_ = named.Clone() } };
    }

    public int? DenseSize(string name) =>
        Create.VectorsConfig?.ParamsMap?.Map.TryGetValue(name, out var p) == true ? (int)p.Size : null;

    public bool IsSparse(string name) => Create.SparseVectorsConfig?.Map.ContainsKey(name) == true;

    public bool IdfModifier(string name) => Create.SparseVectorsConfig?.Map.TryGetValue(name, out var p) == true && p.Modifier == Modifier.Idf;

    private void Check(string name, Vector vector)
    {
        if (DenseSize(name) is { } size)
        {
            if (vector.VectorCase != Vector.VectorOneofCase.Dense)
            {
                throw new FakeQdrantError(StatusCode.InvalidArgument, $"Wrong input: vector `{name}` must be dense (the fake accepts the dense/sparse oneof only)");
            }

            if (vector.Dense.Data.Count != size)
            {
                throw new FakeQdrantError(StatusCode.InvalidArgument, $"Wrong input: Vector dimension error: expected dim: {size}, got {vector.Dense.Data.Count}");
            }
        }
        else if (IsSparse(name))
        {
            if (vector.VectorCase != Vector.VectorOneofCase.Sparse || vector.Sparse.Indices.Count != vector.Sparse.Values.Count)
            {
                throw new FakeQdrantError(StatusCode.InvalidArgument, $"Wrong input: vector `{name}` must be a sparse vector");
            }
        }
        else
        {
            throw new FakeQdrantError(StatusCode.InvalidArgument, $"Wrong input: Not existing vector name error: {name}");
        }
    }
}
