using Grpc.Core;
using Qdrant.Client.Grpc;

namespace Assistant.Tests.Storage.Qdrant;

/// <summary>
/// The Points service of the fake Qdrant: upsert (checking vector names and dense sizes as Qdrant does), get, scroll
/// (id order, offset/limit), count, delete by ids or filter, delete vectors, payload indexes, and the Query API —
/// nearest dense (cosine) or sparse (dot product, IDF from the collection when the vector has the IDF modifier), and
/// prefetch legs fused with RRF. Names may be aliases here, as in Qdrant.
/// </summary>
internal sealed class FakePointsService(FakeQdrantState state) : Points.PointsBase
{
    private static readonly UpdateResult Completed = new() { OperationId = 1, Status = UpdateStatus.Completed };

    public override Task<PointsOperationResponse> Upsert(UpsertPoints request, ServerCallContext context) => FakeCall.Run(state, request, context, () =>
    {
        var c = state.Resolve(request.CollectionName);
        foreach (var p in request.Points)
        {
            c.Upsert(p);
        }

        return Ok();
    });

    public override Task<PointsOperationResponse> Delete(DeletePoints request, ServerCallContext context) => FakeCall.Run(state, request, context, () =>
    {
        var c = state.Resolve(request.CollectionName);
        foreach (var key in Selected(c, request.Points))
        {
            c.Points.Remove(key);
        }

        return Ok();
    });

    public override Task<PointsOperationResponse> DeleteVectors(DeletePointVectors request, ServerCallContext context) => FakeCall.Run(state, request, context, () =>
    {
        var c = state.Resolve(request.CollectionName);
        foreach (var key in Selected(c, request.PointsSelector))
        {
            foreach (var name in request.Vectors.Names)
            {
                c.Points[key].Vectors.Vectors_.Vectors.Remove(name);
            }
        }

        return Ok();
    });

    public override Task<PointsOperationResponse> CreateFieldIndex(CreateFieldIndexCollection request, ServerCallContext context) => FakeCall.Run(state, request, context, () =>
    {
        state.Resolve(request.CollectionName);
        return Ok();
    });

    public override Task<GetResponse> Get(GetPoints request, ServerCallContext context) => FakeCall.Run(state, request, context, () =>
    {
        var c = state.Resolve(request.CollectionName);
        var response = new GetResponse();
        response.Result.AddRange(request.Ids.Select(id => c.Points.GetValueOrDefault(FakeCollection.Key(id))).OfType<PointStruct>()
            .Select(p => Retrieved(p, request.WithPayload, request.WithVectors)));
        return response;
    });

    public override Task<ScrollResponse> Scroll(ScrollPoints request, ServerCallContext context) => FakeCall.Run(state, request, context, () =>
    {
        var c = state.Resolve(request.CollectionName);
        var limit = request.HasLimit ? (int)request.Limit : 10;
        var start = request.Offset is { } offset ? FakeCollection.Key(offset) : null;
        var matching = c.Points
            .Where(p => start is null || string.CompareOrdinal(p.Key, start) >= 0)
            .Where(p => FakeFilters.Matches(request.Filter, p.Value))
            .Take(limit + 1)
            .Select(p => p.Value)
            .ToList();
        var response = new ScrollResponse();
        response.Result.AddRange(matching.Take(limit).Select(p => Retrieved(p, request.WithPayload, request.WithVectors)));
        if (matching.Count > limit)
        {
            response.NextPageOffset = matching[limit].Id.Clone();
        }

        return response;
    });

    public override Task<CountResponse> Count(CountPoints request, ServerCallContext context) => FakeCall.Run(state, request, context, () =>
    {
        var c = state.Resolve(request.CollectionName);
        return new CountResponse { Result = new CountResult { Count = (ulong)c.Points.Values.Count(p => FakeFilters.Matches(request.Filter, p)) } };
    });

    public override Task<QueryResponse> Query(QueryPoints request, ServerCallContext context) => FakeCall.Run(state, request, context, () =>
    {
        var c = state.Resolve(request.CollectionName);
        var ranked = FakeScoring.Run(c, request.Prefetch, request.Query, request.Using, request.Filter, request.HasLimit ? request.Limit : 10);
        if (request.HasScoreThreshold)
        {
            ranked = ranked.Where(r => r.Score >= request.ScoreThreshold).ToList();
        }

        var response = new QueryResponse { Time = 0.001 };
        response.Result.AddRange(ranked.Select(r =>
        {
            var retrieved = Retrieved(r.Point, request.WithPayload, request.WithVectors);
            var scored = new ScoredPoint { Id = retrieved.Id, Score = r.Score, Version = 1, Payload = { retrieved.Payload } };
            if (retrieved.Vectors is not null)
            {
                scored.Vectors = retrieved.Vectors;
            }

            return scored;
        }));
        return response;
    });

    private static PointsOperationResponse Ok() => new() { Result = Completed.Clone(), Time = 0.001 };

    private static List<string> Selected(FakeCollection c, PointsSelector selector) => selector.PointsSelectorOneOfCase switch
    {
        PointsSelector.PointsSelectorOneOfOneofCase.Points => selector.Points.Ids.Select(FakeCollection.Key).Where(c.Points.ContainsKey).ToList(),
        PointsSelector.PointsSelectorOneOfOneofCase.Filter => c.Points.Where(p => FakeFilters.Matches(selector.Filter, p.Value)).Select(p => p.Key).ToList(),
        _ => throw new FakeQdrantError(StatusCode.InvalidArgument, "Wrong input: empty points selector"),
    };

    /// <summary>A point as Get/Scroll/Query return it, with the payload fields and vectors asked for (none when unset).</summary>
    private static RetrievedPoint Retrieved(PointStruct point, WithPayloadSelector? payload, WithVectorsSelector? vectors)
    {
        var r = new RetrievedPoint { Id = point.Id.Clone() };
        switch (payload?.SelectorOptionsCase)
        {
            case WithPayloadSelector.SelectorOptionsOneofCase.Enable when payload.Enable:
                r.Payload.Add(point.Payload);
                break;
            case WithPayloadSelector.SelectorOptionsOneofCase.Include:
                r.Payload.Add(point.Payload.Where(kv => payload.Include.Fields.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value));
                break;
            case WithPayloadSelector.SelectorOptionsOneofCase.Exclude:
                r.Payload.Add(point.Payload.Where(kv => !payload.Exclude.Fields.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value));
                break;
        }

        var stored = point.Vectors.Vectors_.Vectors;
        var names = vectors?.SelectorOptionsCase switch
        {
            WithVectorsSelector.SelectorOptionsOneofCase.Enable when vectors.Enable => stored.Keys.ToList(),
            WithVectorsSelector.SelectorOptionsOneofCase.Include => vectors.Include.Names.Where(stored.ContainsKey).ToList(),
            _ => null,
        };
        if (names is not null)
        {
            var output = new NamedVectorsOutput();
            foreach (var name in names)
            {
                var v = stored[name];
                output.Vectors[name] = v.VectorCase == Vector.VectorOneofCase.Dense
                    ? new VectorOutput { Dense = v.Dense.Clone() }
                    : new VectorOutput { Sparse = v.Sparse.Clone() };
            }

            r.Vectors = new VectorsOutput { Vectors = output };
        }

        return r;
    }
}
