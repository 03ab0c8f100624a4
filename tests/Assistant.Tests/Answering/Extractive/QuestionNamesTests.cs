using Assistant.Core.Answering.Extractive;
using Assistant.Core.Retrieval;

namespace Assistant.Tests.Answering.Extractive;

public sealed class QuestionNamesTests
{
    private static readonly SearchHit[] Hits = [new(1, 1, "d", "/faq.md", "Sign-in", null, "Accounts that sign in through Google or Apple have no Nimbus password.", 0)];

    [Fact]
    public void A_name_no_passage_mentions_is_unknown_and_known_ones_are_not()
    {
        Assert.Equal(["BLEURT"], QuestionNames.Unknown("How is the BLEURT score of a Nimbus answer computed?", Hits, null));
        Assert.Empty(QuestionNames.Unknown("Can I sign in to Nimbus with Google?", Hits, null));
        Assert.Equal(["KLUE"], QuestionNames.Unknown("KLUE는 몇 개의 과제로 구성되나요?", Hits, null));
    }

    [Fact]
    public void With_index_statistics_a_name_counts_as_known_when_any_chunk_has_it()
    {
        var stats = new TermStatistics(100, new Dictionary<string, int> { ["bitcoin"] = 0, ["nimbus"] = 90, ["klue"] = 2 });

        Assert.Equal(["Bitcoin"], QuestionNames.Unknown("Can I pay for Nimbus with Bitcoin?", [], stats));
        Assert.Empty(QuestionNames.Unknown("How many tasks does KLUE have?", [], stats));
    }
}
