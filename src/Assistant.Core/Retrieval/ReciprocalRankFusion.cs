namespace Assistant.Core.Retrieval;

/// <summary>One ranked result list to fuse, best first, with its weight in the fused score.</summary>
public sealed record RankedLeg<TKey>(string Name, IReadOnlyList<TKey> RankedKeys, double Weight = 1.0);

/// <param name="LegRanks">1-based rank of the key in each leg, in the order the legs were given; null where absent.</param>
public sealed record FusedResult<TKey>(TKey Key, double Score, IReadOnlyList<int?> LegRanks);

/// <summary>
/// Reciprocal Rank Fusion (Cormack, Clarke &amp; Büttcher 2009): score(d) = Σ_legs w_leg / (k + rank_leg(d)), with
/// 1-based ranks. It uses only ranks, so BM25 scores and cosines need no calibration against each other.
/// </summary>
public static class ReciprocalRankFusion
{
    public const int DefaultK = 60;

    /// <summary>
    /// Fuses <paramref name="legs"/> into one list, best first. A key repeated within a leg counts at its first
    /// (best) rank only. Equal scores are ordered by the key's best rank in any leg, then by the earlier leg,
    /// so the result does not depend on hash order and the same inputs always fuse the same way.
    /// </summary>
    public static IReadOnlyList<FusedResult<TKey>> Fuse<TKey>(
        IReadOnlyList<RankedLeg<TKey>> legs,
        int k = DefaultK,
        IEqualityComparer<TKey>? comparer = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(legs);
        if (k < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "The RRF constant k must not be negative.");
        }

        for (var leg = 0; leg < legs.Count; leg++)
        {
            var weight = legs[leg].Weight;
            if (!double.IsFinite(weight) || weight < 0)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(legs), weight, $"Leg '{legs[leg].Name}' has weight {weight}; weights must be finite and not negative.");
            }
        }

        var entries = new Dictionary<TKey, Entry<TKey>>(comparer);
        var ordered = new List<Entry<TKey>>();
        for (var leg = 0; leg < legs.Count; leg++)
        {
            var keys = legs[leg].RankedKeys;
            for (var position = 0; position < keys.Count; position++)
            {
                var key = keys[position];
                if (!entries.TryGetValue(key, out var entry))
                {
                    entry = new Entry<TKey>(key, new int?[legs.Count]);
                    entries.Add(key, entry);
                    ordered.Add(entry);
                }

                if (entry.Ranks[leg] is not null)
                {
                    continue;
                }

                var rank = position + 1;
                entry.Ranks[leg] = rank;
                entry.Score += legs[leg].Weight / (k + rank);
                if (rank < entry.BestRank)
                {
                    entry.BestRank = rank;
                    entry.BestLeg = leg;
                }
            }
        }

        ordered.Sort(static (a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            if (byScore != 0)
            {
                return byScore;
            }

            var byRank = a.BestRank.CompareTo(b.BestRank);
            return byRank != 0 ? byRank : a.BestLeg.CompareTo(b.BestLeg);
        });

        return ordered.ConvertAll(static e => new FusedResult<TKey>(e.Key, e.Score, e.Ranks));
    }

    private sealed class Entry<TKey>(TKey key, int?[] ranks)
    {
        public TKey Key { get; } = key;

        public int?[] Ranks { get; } = ranks;

        public double Score { get; set; }

        public int BestRank { get; set; } = int.MaxValue;

        public int BestLeg { get; set; }
    }
}
