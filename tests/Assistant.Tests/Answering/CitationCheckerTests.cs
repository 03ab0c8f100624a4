using Assistant.Core.Answering;
using Assistant.Core.Retrieval;

namespace Assistant.Tests.Answering;

public sealed class CitationCheckerTests
{
    private readonly CitationChecker _checker = new();

    private static readonly Citation[] Sources =
    [
        Source(1, "Billing > Refunds", "Annual subscriptions can be refunded in full within 30 days of the initial purchase."),
        Source(2, "Support > Hours", "Our support team answers email from Monday to Friday, 08:00 to 20:00 UTC."),
        Source(3, "환불 > 카드 결제", "카드 결제를 취소하면 카드사 사정에 따라 승인 취소까지 영업일 기준 3~7일이 걸립니다. 연간 요금제는 30일 이내에 환불됩니다."),
    ];

    [Fact]
    public void A_citation_to_a_passage_that_was_not_given_is_removed_and_reported()
    {
        var report = _checker.Check("Annual plans are refunded within 30 days [1][7]. Support answers on weekdays [9].", Sources);

        Assert.Equal("Annual plans are refunded within 30 days [1]. Support answers on weekdays.", report.Answer);
        Assert.Equal([7, 9], report.Removed);
        var only = Assert.Single(report.Checks);
        Assert.Equal(new CitationCheck(1, true), only);
    }

    [Fact]
    public void A_sentence_citing_two_passages_checks_each_part_against_its_own_passage()
    {
        var report = _checker.Check("Annual subscriptions are refunded within 30 days [1] and support answers email from 08:00 to 20:00 UTC [2].", Sources);

        Assert.Equal([new CitationCheck(1, true), new CitationCheck(2, true)], report.Checks);
        Assert.Empty(report.Removed);
    }

    [Fact]
    public void A_wrong_passage_in_a_two_passage_sentence_is_flagged_alone()
    {
        var report = _checker.Check("Support answers email from 08:00 to 20:00 UTC [2] and annual subscriptions are refunded within 30 days [2].", Sources);

        var check = Assert.Single(report.Checks);
        Assert.False(check.Supported);
        Assert.Contains("30", check.Reason);
    }

    [Fact]
    public void Passages_cited_together_support_a_claim_together_but_each_must_share_a_key_term()
    {
        var together = _checker.Check("Annual subscriptions are refunded within 30 days, and support answers email until 20:00 UTC [1][2].", Sources);
        Assert.All(together.Checks, c => Assert.True(c.Supported, c.Reason));

        var padded = _checker.Check("Annual subscriptions are refunded in full within 30 days [1][3].", Sources);
        Assert.Equal(new CitationCheck(1, true), padded.Checks[0]);
        Assert.Equal((3, false), (padded.Checks[1].N, padded.Checks[1].Supported));
    }

    [Fact]
    public void Korean_numbers_are_read_with_their_units_and_ranges()
    {
        var good = _checker.Check("카드 결제 취소 후 승인 취소까지 영업일 기준 3~7일이 걸립니다 [3].", Sources);
        var changed = _checker.Check("카드 결제 취소 후 승인 취소까지 영업일 기준 3~10일이 걸립니다 [3].", Sources);
        var dash = _checker.Check("승인 취소까지 영업일 기준 3–7일 걸립니다 [3].", Sources);

        Assert.True(good.Checks[0].Supported, good.Checks[0].Reason);
        Assert.Equal(new CitationCheck(3, false, "10 not in the passage"), changed.Checks[0]);
        Assert.True(dash.Checks[0].Supported, dash.Checks[0].Reason);
    }

    [Theory]
    [InlineData("월 7,900원 또는 연 79,000원", "7900 79000")]
    [InlineData("3~7일, 30일, 5–10", "3 7 30 5 10")]
    [InlineData("a faithfulness score of at least 0.90 [2]", "0.9")]
    [InlineData("release 4.3.0 (2025-12-31)", "4.3.0 2025 12 31")]
    public void Numbers_are_compared_as_values(string text, string expected)
    {
        Assert.Equal(expected.Split(' ').Order(), CitationClaims.Numbers(text).Order());
    }

    [Fact]
    public void A_sentence_without_a_citation_is_not_checked()
    {
        var report = _checker.Check("Refunds are accepted within 30 days [1]. The moon is made of 99 cheeses.", Sources);

        Assert.Equal([new CitationCheck(1, true)], report.Checks);
    }

    [Fact]
    public void An_unsupported_citation_is_flagged_with_the_reason()
    {
        var numbers = _checker.Check("Annual subscriptions can be refunded within 60 days of purchase [1].", Sources);
        var terms = _checker.Check("Monthly vouchers can be exchanged for hardware at partner stores [1].", Sources);

        Assert.Equal(new CitationCheck(1, false, "60 not in the passage"), numbers.Checks[0]);
        Assert.False(terms.Checks[0].Supported);
        Assert.StartsWith("only ", terms.Checks[0].Reason);
    }

    [Fact]
    public void A_marker_after_the_period_belongs_to_the_sentence_before_it()
    {
        var report = _checker.Check("Annual subscriptions can be refunded in full within 30 days of the initial purchase. [1] Support answers email until 20:00 UTC. [1]", Sources);

        Assert.Equal(new CitationCheck(1, false, "20, 00 not in the passage"), report.Checks[0]);
    }

    [Fact]
    public void Extractive_answers_pass_their_own_check()
    {
        var hits = Sources.Select(s => s.Hit).ToList();
        var answer = new ExtractiveAnswerer().Answer("How long does a card refund take? 카드 승인 취소 며칠", hits);

        var report = _checker.Check(answer.Answer, answer.Sources);

        Assert.True(answer.Found);
        Assert.NotEmpty(report.Checks);
        Assert.All(report.Checks, c => Assert.True(c.Supported, c.Reason));
        Assert.Equal(answer.Answer, report.Answer);
    }

    private static Citation Source(int n, string section, string text) =>
        new(n, new SearchHit(n, 1.0 / n, $"doc{n}", $"/docs/{n}.md", section, null, text, 0));
}
