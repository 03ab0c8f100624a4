using Assistant.Core.Evaluation.Metrics;

namespace Assistant.Tests.Eval;

/// <summary>Every metric on examples worked out by hand (the working is in each test's comment).</summary>
public sealed class MetricsTests
{
    [Fact]
    public void Percentiles_interpolate_linearly_between_closest_ranks()
    {
        double[] values = [50, 15, 40, 20, 35]; // sorted: 15 20 35 40 50
        Assert.Equal(35, Percentiles.Of(values, 50));
        // h = (5 − 1) · 0.95 = 3.8 → 40 + 0.8 · (50 − 40) = 48
        Assert.Equal(48, Percentiles.Of(values, 95)!.Value, 9);
        Assert.Equal(15, Percentiles.Of(values, 0));
        Assert.Equal(50, Percentiles.Of(values, 100));
        // h = 3 · 0.5 = 1.5 → 2 + 0.5 · (3 − 2)
        Assert.Equal(2.5, Percentiles.Of([1, 2, 3, 4], 50));
        // h = 9 · 0.95 = 8.55 → 9 + 0.55 · (100 − 9) = 59.05
        Assert.Equal(59.05, Percentiles.Of([1, 2, 3, 4, 5, 6, 7, 8, 9, 100], 95)!.Value, 9);
        Assert.Equal(7, Percentiles.Of([7], 95));
        Assert.Null(Percentiles.Of([], 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.Of([1], 101));
    }

    private static readonly Func<string, string, bool> Match = RetrievalMetrics.SourceMatches;

    [Fact]
    public void Retrieval_metrics_count_each_document_once_at_its_first_rank()
    {
        // Hits a, b, a, c → distinct sources a, b, c (ranks 1, 2, 3).
        string[] hits = ["/x/a.md", "/x/b.md", "/x/a.md", "/x/c.md"];

        Assert.Equal(1, RetrievalMetrics.RecallAtK(hits, ["c.md"], 3, Match));
        Assert.Equal(1.0 / 3, RetrievalMetrics.ReciprocalRank(hits, ["c.md"], 3, Match), 9);
        // DCG = 1 / log2(3 + 1) = 0.5; ideal = 1 / log2(2) = 1.
        Assert.Equal(0.5, RetrievalMetrics.NdcgAtK(hits, ["c.md"], 3, Match), 9);

        // c is at rank 3, outside k = 2.
        Assert.Equal((0.0, 0.0, 0.0), (RetrievalMetrics.RecallAtK(hits, ["c.md"], 2, Match), RetrievalMetrics.ReciprocalRank(hits, ["c.md"], 2, Match), RetrievalMetrics.NdcgAtK(hits, ["c.md"], 2, Match)));

        // Expected b and d: b found at rank 2, d never. recall 1/2, RR 1/2,
        // nDCG = (1 / log2 3) / (1 + 1 / log2 3) = 0.63093 / 1.63093 = 0.38685.
        Assert.Equal(0.5, RetrievalMetrics.RecallAtK(hits, ["b.md", "d.md"], 3, Match));
        Assert.Equal(0.5, RetrievalMetrics.ReciprocalRank(hits, ["b.md", "d.md"], 3, Match));
        Assert.Equal(0.38685, RetrievalMetrics.NdcgAtK(hits, ["b.md", "d.md"], 3, Match), 5);
    }

    [Fact]
    public void An_expected_source_matches_at_a_folder_boundary_only()
    {
        Assert.True(RetrievalMetrics.SourceMatches("/r/docs-corpus/guides/a.md", "guides/a.md"));
        Assert.True(RetrievalMetrics.SourceMatches(@"C:\r\docs-corpus\guides\a.md", "guides/a.md"));
        Assert.False(RetrievalMetrics.SourceMatches("/r/docs-corpus/oldguides/a.md", "guides/a.md"));
        Assert.False(RetrievalMetrics.SourceMatches("/r/guides/a.md.bak", "guides/a.md"));
    }

    [Theory]
    [InlineData("The Pro plan costs $1,350 per month [2].", "$1,350 per month", true)]
    [InlineData("월간 활성 사용자가 7억명을 넘으면 허가가 필요합니다 [1].", "7억 명", true)] // Korean spacing is free
    [InlineData("월간 활성 사용자가 ７억 명을 넘으면", "7억 명", true)] // full-width digit (NFKC)
    [InlineData("월간 활성 사용자가 17억 명을 넘으면", "7억 명", false)] // 17억 is not 7억
    [InlineData("Weights take roughly 14 GB at fp16.", "about 14 GB", true)] // the reference's hedge is optional
    [InlineData("Weights take 140 GB at fp16.", "about 14 GB", false)]
    [InlineData("Weights take 714 GB.", "14 GB", false)]
    [InlineData("about $750 + $600 = $1,350 per month [1]", "$1,350 per month", true)] // two numbers stay apart
    [InlineData("a blended price of (3 × 3 + 15) / 4 = $6 per million tokens.", "$6 per million tokens", true)]
    [InlineData("open from 08:00 to 20:00 UTC", "08:00 to 20:00 UTC", true)]
    [InlineData("It returns HTTP 429 (Too Many Requests).", "429 Too Many Requests", true)]
    [InlineData("The documents don't say.", "Frankfurt", false)]
    public void Key_facts_match_after_normalisation(string answer, string fact, bool expected) =>
        Assert.Equal(expected, AnswerText.ContainsFact(answer, fact));

    [Fact]
    public void Key_fact_score_is_the_share_of_facts_present()
    {
        Assert.Equal(0.5, AnswerText.KeyFactScore("Frankfurt, 30 days.", ["Frankfurt", "Dublin"]));
        Assert.Null(AnswerText.KeyFactScore("anything", []));
    }

    [Fact]
    public void Token_f1_counts_common_terms_with_multiplicity()
    {
        // answer terms: the refund window is 30 day (6); reference: 30 day (2); common 2 → P 1/3, R 1, F1 = 0.5
        Assert.Equal(0.5, AnswerText.TokenF1("The refund window is 30 days [1].", "30 days"), 9);
        // Hangul as bigrams: 환불 정책 책은 7 일 이내 (6) vs 7 일 이내 (3): common 3 → P 0.5, R 1, F1 = 2/3
        Assert.Equal(2.0 / 3, AnswerText.TokenF1("환불 정책은 7일 이내", "7일 이내"), 9);
        // "a a b" vs "a c": common 1 (a once) → P 1/3, R 1/2, F1 = 0.4
        Assert.Equal(0.4, AnswerText.TokenF1("alpha alpha beta", "alpha gamma"), 9);
        Assert.Equal(0, AnswerText.TokenF1("Frankfurt", "Dublin"));
    }

    [Fact]
    public void Consistency_averages_answer_f1_and_citation_overlap_over_pairs()
    {
        IReadOnlySet<string> x = new HashSet<string> { "x.md" }, xy = new HashSet<string> { "x.md", "y.md" };
        Assert.Null(Consistency.Of([("alpha", x)]));
        Assert.Equal(1, Consistency.Of([("alpha beta", x), ("alpha beta", x), ("alpha beta", x)]));
        // F1("alpha beta", "alpha gamma") = 0.5; Jaccard({x}, {x, y}) = 0.5 → 0.5
        Assert.Equal(0.5, Consistency.Of([("alpha beta", x), ("alpha gamma", xy)])!.Value, 9);
        // Three runs: pairs (1,2) = 1, (1,3) = 0.5, (2,3) = 0.5 → 2/3
        Assert.Equal(2.0 / 3, Consistency.Of([("alpha beta", x), ("alpha beta", x), ("alpha gamma", xy)])!.Value, 9);
    }
}
