using Google.Protobuf.Collections;
using Qdrant.Client.Grpc;

namespace Assistant.Core.Storage.Qdrant;

/// <summary>
/// What the store keeps in a chunk collection's metadata: the embedding model of its vectors
/// (<c>embedding_model</c>, <c>embedding_dimensions</c>) and, on a version being built by a reindex,
/// <c>reindex_target</c> and <c>state</c> ("building", then "ready" just before the alias switch).
/// </summary>
internal static class QdrantMetadata
{
    private const string ModelKey = "embedding_model";
    private const string DimensionsKey = "embedding_dimensions";
    private const string TargetKey = "reindex_target";
    private const string StateKey = "state";
    public const string Building = "building";
    public const string Ready = "ready";

    /// <summary>The model recorded on a collection, or null when none is.</summary>
    public static EmbeddingSpace? SpaceOf(CollectionInfo info) => SpaceIn(info.Config.Metadata, ModelKey, DimensionsKey);

    /// <summary>The target a reindex version is being built for, or null when the collection is not one.</summary>
    public static EmbeddingSpace? TargetOf(CollectionInfo info) =>
        info.Config.Metadata.TryGetValue(TargetKey, out var t) && t.KindCase == Value.KindOneofCase.StructValue
            ? SpaceIn(t.StructValue.Fields, "model", "dimensions")
            : null;

    public static string? StateOf(CollectionInfo info) =>
        info.Config.Metadata.TryGetValue(StateKey, out var s) && s.KindCase == Value.KindOneofCase.StringValue ? s.StringValue : null;

    public static int? DenseSize(CollectionInfo info, string vectorName) =>
        info.Config.Params.VectorsConfig?.ParamsMap?.Map.TryGetValue(vectorName, out var p) == true ? (int)p.Size : null;

    public static Dictionary<string, Value> Space(EmbeddingSpace space) => new() { [ModelKey] = space.Model, [DimensionsKey] = space.Dimensions };

    public static Dictionary<string, Value> Reindex(EmbeddingSpace target, string state) => new()
    {
        [TargetKey] = new Dictionary<string, Value> { ["model"] = target.Model, ["dimensions"] = target.Dimensions },
        [StateKey] = state,
    };

    /// <summary>An update that removes the model keys (a null value removes a key when Qdrant merges metadata).</summary>
    public static Dictionary<string, Value> ClearedSpace() => new()
    {
        [ModelKey] = new Value { NullValue = NullValue.NullValue },
        [DimensionsKey] = new Value { NullValue = NullValue.NullValue },
    };

    /// <summary>Copies <paramref name="info"/>'s metadata, so a migrated collection keeps its model.</summary>
    public static Dictionary<string, Value> Copy(CollectionInfo info) => info.Config.Metadata.ToDictionary(kv => kv.Key, kv => kv.Value.Clone());

    private static EmbeddingSpace? SpaceIn(MapField<string, Value> fields, string modelKey, string dimensionsKey) =>
        fields.TryGetValue(modelKey, out var model) && model.KindCase == Value.KindOneofCase.StringValue
        && fields.TryGetValue(dimensionsKey, out var dims) && dims.KindCase is Value.KindOneofCase.IntegerValue or Value.KindOneofCase.DoubleValue
            ? new EmbeddingSpace(model.StringValue, dims.KindCase == Value.KindOneofCase.IntegerValue ? (int)dims.IntegerValue : (int)dims.DoubleValue)
            : null;
}
