using Grpc.Core;
using Qdrant.Client.Grpc;

namespace Assistant.Tests.Storage.Qdrant;

/// <summary>
/// Qdrant's filter semantics over the fake's points: must / should / must_not with keyword and keywords matches,
/// integer ranges, has_id, has_vector and nested filters. Any other condition is refused rather than guessed.
/// </summary>
internal static class FakeFilters
{
    public static bool Matches(Filter? filter, PointStruct point)
    {
        if (filter is null)
        {
            return true;
        }

        return filter.Must.All(c => Satisfies(c, point))
            && (filter.Should.Count == 0 || filter.Should.Any(c => Satisfies(c, point)))
            && !filter.MustNot.Any(c => Satisfies(c, point));
    }

    private static bool Satisfies(Condition condition, PointStruct point)
    {
        switch (condition.ConditionOneOfCase)
        {
            case Condition.ConditionOneOfOneofCase.HasVector:
                return point.Vectors.Vectors_.Vectors.ContainsKey(condition.HasVector.HasVector);
            case Condition.ConditionOneOfOneofCase.HasId:
                return condition.HasId.HasId.Any(id => FakeCollection.Key(id) == FakeCollection.Key(point.Id));
            case Condition.ConditionOneOfOneofCase.Filter:
                return Matches(condition.Filter, point);
            case Condition.ConditionOneOfOneofCase.Field:
                break;
            default:
                throw Unsupported(condition);
        }

        var field = condition.Field;
        var values = point.Payload.TryGetValue(field.Key, out var value)
            ? value.KindCase == Value.KindOneofCase.ListValue ? value.ListValue.Values.ToList() : [value]
            : [];
        if (field.Match is { } match)
        {
            return match.MatchValueCase switch
            {
                Match.MatchValueOneofCase.Keyword => values.Any(v => v.KindCase == Value.KindOneofCase.StringValue && v.StringValue == match.Keyword),
                Match.MatchValueOneofCase.Keywords => values.Any(v => v.KindCase == Value.KindOneofCase.StringValue && match.Keywords.Strings.Contains(v.StringValue)),
                Match.MatchValueOneofCase.Integer => values.Any(v => v.KindCase == Value.KindOneofCase.IntegerValue && v.IntegerValue == match.Integer),
                _ => throw Unsupported(condition),
            };
        }

        if (field.Range is { } range)
        {
            return values.Any(v => v.KindCase is Value.KindOneofCase.IntegerValue or Value.KindOneofCase.DoubleValue && InRange(
                v.KindCase == Value.KindOneofCase.IntegerValue ? v.IntegerValue : v.DoubleValue, range));
        }

        throw Unsupported(condition);
    }

    private static bool InRange(double x, global::Qdrant.Client.Grpc.Range r) =>
        (!r.HasGte || x >= r.Gte) && (!r.HasGt || x > r.Gt) && (!r.HasLte || x <= r.Lte) && (!r.HasLt || x < r.Lt);

    private static FakeQdrantError Unsupported(Condition condition) =>
        new(StatusCode.Unimplemented, "the fake cannot evaluate the condition " + condition);
}

/// <summary>How the fake ranks points for the Query API.</summary>
internal static class FakeScoring
{
    private const int RrfK = 2; // Qdrant's default k for Reciprocal Rank Fusion

    public sealed record Ranked(PointStruct Point, float Score);

    public static List<Ranked> Run(FakeCollection c, IEnumerable<PrefetchQuery> prefetch, Query? query, string? vectorName, Filter? filter, ulong limit)
    {
        var legs = prefetch.Select(p => Run(c, p.Prefetch, p.Query, p.Using, p.Filter, p.HasLimit ? p.Limit : 10)).ToList();
        if (legs.Count > 0)
        {
            if (query?.VariantCase != Query.VariantOneofCase.Fusion || query.Fusion != Fusion.Rrf)
            {
                throw new FakeQdrantError(StatusCode.Unimplemented, "the fake fuses prefetch legs with RRF only");
            }

            return legs.SelectMany(leg => leg.Select((r, i) => (r.Point, Score: 1f / (RrfK + i + 1))))
                .GroupBy(x => FakeCollection.Key(x.Point.Id))
                .Select(g => new Ranked(g.First().Point, g.Sum(x => x.Score)))
                .OrderByDescending(r => r.Score).ThenBy(r => FakeCollection.Key(r.Point.Id), StringComparer.Ordinal)
                .Take((int)limit)
                .ToList();
        }

        if (query?.VariantCase != Query.VariantOneofCase.Nearest || string.IsNullOrEmpty(vectorName))
        {
            throw new FakeQdrantError(StatusCode.Unimplemented, "the fake answers nearest queries on a named vector, or RRF over prefetches");
        }

        var candidates = c.Points.Values.Where(p => FakeFilters.Matches(filter, p)).ToList();
        var nearest = query.Nearest;
        IEnumerable<Ranked> scored = nearest.VariantCase switch
        {
            VectorInput.VariantOneofCase.Dense when c.DenseSize(vectorName) is not null =>
                candidates.Where(p => p.Vectors.Vectors_.Vectors.ContainsKey(vectorName))
                    .Select(p => new Ranked(p, Cosine(nearest.Dense.Data, p.Vectors.Vectors_.Vectors[vectorName].Dense.Data))),
            VectorInput.VariantOneofCase.Sparse when c.IsSparse(vectorName) => Sparse(c, candidates, vectorName, nearest.Sparse),
            _ => throw new FakeQdrantError(StatusCode.InvalidArgument, $"Wrong input: query does not fit vector `{vectorName}`"),
        };
        return scored.OrderByDescending(r => r.Score).ThenBy(r => FakeCollection.Key(r.Point.Id), StringComparer.Ordinal).Take((int)limit).ToList();
    }

    /// <summary>Dot product over shared indices, only for points sharing one; with the IDF modifier each query term is weighted as Qdrant does.</summary>
    private static IEnumerable<Ranked> Sparse(FakeCollection c, List<PointStruct> candidates, string name, SparseVector query)
    {
        var all = c.Points.Values.Where(p => p.Vectors.Vectors_.Vectors.ContainsKey(name)).Select(p => p.Vectors.Vectors_.Vectors[name].Sparse).ToList();
        double Idf(uint index)
        {
            var n = all.Count(v => v.Indices.Contains(index));
            return Math.Log(((all.Count - n + 0.5) / (n + 0.5)) + 1);
        }

        var weights = query.Indices.Select((index, i) => (index, weight: query.Values[i] * (c.IdfModifier(name) ? Idf(index) : 1))).ToList();
        foreach (var p in candidates)
        {
            if (!p.Vectors.Vectors_.Vectors.TryGetValue(name, out var v))
            {
                continue;
            }

            var stored = v.Sparse.Indices.Select((index, i) => (index, value: v.Sparse.Values[i])).ToDictionary(x => x.index, x => x.value);
            var shared = weights.Where(w => stored.ContainsKey(w.index)).ToList();
            if (shared.Count > 0)
            {
                yield return new Ranked(p, (float)shared.Sum(w => w.weight * stored[w.index]));
            }
        }
    }

    private static float Cosine(IList<float> a, IList<float> b)
    {
        float dot = 0, na = 0, nb = 0;
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return na == 0 || nb == 0 ? 0 : dot / MathF.Sqrt(na * nb);
    }
}
