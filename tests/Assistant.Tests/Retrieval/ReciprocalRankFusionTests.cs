using Assistant.Core.Retrieval;

namespace Assistant.Tests.Retrieval;

public sealed class ReciprocalRankFusionTests
{
    [Fact]
    public void Scores_are_sums_of_reciprocal_ranks_with_k_60()
    {
        var fused = ReciprocalRankFusion.Fuse<string>([new("keyword", ["a", "b", "c"]), new("dense", ["c", "a", "d"])]);

        // a: 1/61 + 1/62 = 0.032522; c: 1/63 + 1/61 = 0.032266; b: 1/62 = 0.016129; d: 1/63 = 0.015873
        Assert.Equal(["a", "c", "b", "d"], fused.Select(f => f.Key));
        Assert.Equal((1.0 / 61) + (1.0 / 62), fused[0].Score, 12);
        Assert.Equal((1.0 / 63) + (1.0 / 61), fused[1].Score, 12);
        Assert.Equal(1.0 / 62, fused[2].Score, 12);
        Assert.Equal(1.0 / 63, fused[3].Score, 12);
        Assert.Equal([1, 2], fused[0].LegRanks);
        Assert.Equal([null, 3], fused[3].LegRanks);
    }

    [Fact]
    public void Leg_weights_scale_each_legs_contribution()
    {
        var fused = ReciprocalRankFusion.Fuse<string>(
            [new("keyword", ["a", "b", "c"]), new("dense", ["c", "a", "d"], Weight: 2.0)]);

        // a: 1/61 + 2/62 = 0.0486515; c: 1/63 + 2/61 = 0.0486599 → the doubled dense leg puts c first.
        Assert.Equal(["c", "a", "d", "b"], fused.Select(f => f.Key));
        Assert.Equal((1.0 / 63) + (2.0 / 61), fused[0].Score, 12);
        Assert.Equal(2.0 / 63, fused[2].Score, 12);
    }

    [Fact]
    public void K_sets_how_much_agreement_outweighs_a_single_top_rank()
    {
        var legs = new RankedLeg<string>[] { new("keyword", ["x", "y"]), new("dense", ["z", "y"]) };

        // k = 1: x = z = 1/2, y = 1/3 + 1/3 = 0.667, so agreement wins.
        Assert.Equal(["y", "x", "z"], ReciprocalRankFusion.Fuse(legs, k: 1).Select(f => f.Key));

        // k = 0: x = z = 1/1 and y = 1/2 + 1/2 all tie at 1; best rank (1 beats 2), then earlier leg, decide.
        var atZero = ReciprocalRankFusion.Fuse(legs, k: 0);
        Assert.Equal(["x", "z", "y"], atZero.Select(f => f.Key));
        Assert.All(atZero, f => Assert.Equal(1.0, f.Score));
    }

    [Fact]
    public void Ties_go_to_the_better_best_rank_then_to_the_earlier_leg()
    {
        var swapped = ReciprocalRankFusion.Fuse<string>([new("keyword", ["x", "y"]), new("dense", ["y", "x"])]);
        Assert.Equal(["x", "y"], swapped.Select(f => f.Key));
        Assert.Equal(swapped[0].Score, swapped[1].Score);

        var reversed = ReciprocalRankFusion.Fuse<string>([new("dense", ["y", "x"]), new("keyword", ["x", "y"])]);
        Assert.Equal(["y", "x"], reversed.Select(f => f.Key));

        // q = r = 1/61 + 1/63 = 0.0322664 (tie, q's rank 1 is in the earlier leg); p = 2/62 = 0.0322581 scores lower.
        var fused = ReciprocalRankFusion.Fuse<string>([new("a", ["q", "p", "r"]), new("b", ["r", "p", "q"])]);
        Assert.Equal(["q", "r", "p"], fused.Select(f => f.Key));
    }

    [Fact]
    public void A_key_repeated_within_a_leg_counts_once_at_its_best_rank()
    {
        var fused = ReciprocalRankFusion.Fuse<int>([new("keyword", [7, 8, 7])]);

        Assert.Equal([7, 8], fused.Select(f => f.Key));
        Assert.Equal(1.0 / 61, fused[0].Score, 12);
        Assert.Equal([1], fused[0].LegRanks);
    }

    [Fact]
    public void Empty_legs_fuse_to_an_empty_list_and_one_leg_keeps_its_order()
    {
        Assert.Empty(ReciprocalRankFusion.Fuse<long>([new("keyword", []), new("dense", [])]));
        Assert.Empty(ReciprocalRankFusion.Fuse<long>([]));
        Assert.Equal([3L, 1L, 2L], ReciprocalRankFusion.Fuse<long>([new("dense", [3L, 1L, 2L])]).Select(f => f.Key));
    }

    [Fact]
    public void Bad_weights_and_k_are_rejected_naming_the_leg()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => ReciprocalRankFusion.Fuse<int>([new("dense", [1], Weight: -1)]));
        Assert.Contains("'dense'", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ReciprocalRankFusion.Fuse<int>([new("dense", [1], Weight: double.NaN)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReciprocalRankFusion.Fuse<int>([new("dense", [1])], k: -1));
    }

    [Fact]
    public void Comparer_lets_differently_cased_keys_meet()
    {
        var fused = ReciprocalRankFusion.Fuse<string>(
            [new("keyword", ["Doc"]), new("dense", ["doc"])], comparer: StringComparer.OrdinalIgnoreCase);

        Assert.Equal("Doc", Assert.Single(fused).Key);
    }
}
