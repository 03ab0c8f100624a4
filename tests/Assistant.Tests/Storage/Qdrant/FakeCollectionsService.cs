using Grpc.Core;
using Qdrant.Client.Grpc;

namespace Assistant.Tests.Storage.Qdrant;

/// <summary>
/// The Collections service of the fake Qdrant. Collection-level calls take real collection names only (the store
/// never relies on Qdrant resolving an alias there); UpdateAliases applies all its actions or none, as Qdrant does.
/// </summary>
internal sealed class FakeCollectionsService(FakeQdrantState state) : Collections.CollectionsBase
{
    public override Task<CollectionOperationResponse> Create(CreateCollection request, ServerCallContext context) => FakeCall.Run(state, request, context, () =>
    {
        if (state.Collections.ContainsKey(request.CollectionName) || state.Aliases.ContainsKey(request.CollectionName))
        {
            throw new FakeQdrantError(StatusCode.InvalidArgument, $"Wrong input: Collection `{request.CollectionName}` already exists!");
        }

        state.Collections[request.CollectionName] = new FakeCollection(request.Clone());
        return Done(true);
    });

    public override Task<CollectionExistsResponse> CollectionExists(CollectionExistsRequest request, ServerCallContext context) => FakeCall.Run(state, request, context, () =>
        new CollectionExistsResponse { Result = new CollectionExists { Exists = state.Collections.ContainsKey(request.CollectionName) } });

    public override Task<ListCollectionsResponse> List(ListCollectionsRequest request, ServerCallContext context) => FakeCall.Run(state, request, context, () =>
    {
        var response = new ListCollectionsResponse();
        response.Collections.AddRange(state.Collections.Keys.Select(n => new CollectionDescription { Name = n }));
        return response;
    });

    public override Task<GetCollectionInfoResponse> Get(GetCollectionInfoRequest request, ServerCallContext context) => FakeCall.Run(state, request, context, () =>
    {
        var c = state.Real(request.CollectionName);
        var config = new CollectionConfig
        {
            Params = new CollectionParams { VectorsConfig = c.Create.VectorsConfig ?? new VectorsConfig { ParamsMap = new VectorParamsMap() }, SparseVectorsConfig = c.Create.SparseVectorsConfig },
            HnswConfig = new HnswConfigDiff(),
            OptimizerConfig = new OptimizersConfigDiff(),
            WalConfig = new WalConfigDiff(),
        };
        config.Metadata.Add(c.Metadata);
        return new GetCollectionInfoResponse
        {
            Result = new CollectionInfo { Status = CollectionStatus.Green, OptimizerStatus = new OptimizerStatus { Ok = true }, PointsCount = (ulong)c.Points.Count, Config = config },
        };
    });

    /// <summary>Merges metadata; a null value removes the key (Qdrant's documented merge).</summary>
    public override Task<CollectionOperationResponse> Update(UpdateCollection request, ServerCallContext context) => FakeCall.Run(state, request, context, () =>
    {
        var c = state.Real(request.CollectionName);
        foreach (var (key, value) in request.Metadata)
        {
            if (value.KindCase == Value.KindOneofCase.NullValue)
            {
                c.Metadata.Remove(key);
            }
            else
            {
                c.Metadata[key] = value.Clone();
            }
        }

        return Done(true);
    });

    /// <summary>Qdrant answers "false" (nothing changed) for a collection that does not exist; its aliases go with it.</summary>
    public override Task<CollectionOperationResponse> Delete(DeleteCollection request, ServerCallContext context) => FakeCall.Run(state, request, context, () =>
    {
        var removed = state.Collections.Remove(request.CollectionName);
        foreach (var alias in state.Aliases.Where(a => a.Value == request.CollectionName).Select(a => a.Key).ToList())
        {
            state.Aliases.Remove(alias);
        }

        return Done(removed);
    });

    public override Task<CollectionOperationResponse> UpdateAliases(ChangeAliases request, ServerCallContext context) => FakeCall.Run(state, request, context, () =>
    {
        var aliases = new Dictionary<string, string>(state.Aliases, StringComparer.Ordinal);
        foreach (var action in request.Actions)
        {
            switch (action.ActionCase)
            {
                case AliasOperations.ActionOneofCase.CreateAlias:
                    var create = action.CreateAlias;
                    if (!state.Collections.ContainsKey(create.CollectionName))
                        throw new FakeQdrantError(StatusCode.NotFound, $"Not found: Collection `{create.CollectionName}` doesn't exist!");
                    if (aliases.ContainsKey(create.AliasName) || state.Collections.ContainsKey(create.AliasName))
                        throw new FakeQdrantError(StatusCode.InvalidArgument, $"Wrong input: Alias `{create.AliasName}` already exists!");
                    aliases[create.AliasName] = create.CollectionName;
                    break;
                case AliasOperations.ActionOneofCase.DeleteAlias:
                    if (!aliases.Remove(action.DeleteAlias.AliasName))
                        throw new FakeQdrantError(StatusCode.NotFound, $"Not found: Alias `{action.DeleteAlias.AliasName}` doesn't exist!");
                    break;
                default:
                    throw new FakeQdrantError(StatusCode.Unimplemented, "the fake handles create and delete alias actions only");
            }
        }

        state.Aliases.Clear();
        foreach (var (alias, collection) in aliases)
        {
            state.Aliases[alias] = collection;
        }

        return Done(true);
    });

    public override Task<ListAliasesResponse> ListAliases(ListAliasesRequest request, ServerCallContext context) => FakeCall.Run(state, request, context, () =>
    {
        var response = new ListAliasesResponse();
        response.Aliases.AddRange(state.Aliases.Select(a => new AliasDescription { AliasName = a.Key, CollectionName = a.Value }));
        return response;
    });

    public override Task<ListAliasesResponse> ListCollectionAliases(ListCollectionAliasesRequest request, ServerCallContext context) => FakeCall.Run(state, request, context, () =>
    {
        var response = new ListAliasesResponse();
        response.Aliases.AddRange(state.Aliases.Where(a => a.Value == request.CollectionName).Select(a => new AliasDescription { AliasName = a.Key, CollectionName = a.Value }));
        return response;
    });

    private static CollectionOperationResponse Done(bool result) => new() { Result = result, Time = 0.001 };
}
