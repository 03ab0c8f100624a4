using Assistant.Core.Answering.Extractive;
using Assistant.Core.Text;

namespace Assistant.Tests.Answering.Extractive;

public sealed class SupportSynonymsTests
{
    [Theory]
    [InlineData("How do I turn on two-step login?", "Turn on two-factor authentication under Settings.")]
    [InlineData("Can I get my money back?", "Annual plans are refunded within 30 days.")]
    [InlineData("카드 대금은 며칠 만에 돌아오나요?", "카드 결제는 승인 취소까지 3~7일이 걸립니다.")]
    [InlineData("암호를 바꾸려면?", "비밀번호 변경은 설정에서 합니다.")]
    public void A_question_word_matches_its_synonym_in_the_text(string question, string text)
    {
        var questionTerms = TextAnalyzer.QueryTerms(question);
        var byTerm = SupportSynonyms.Default.GroupsByTerm(question, questionTerms);
        var inText = SupportSynonyms.Default.GroupsIn(text, TextAnalyzer.Terms(text).ToList());

        Assert.Contains(byTerm.Values, groups => groups.Overlaps(inText));
    }

    [Fact]
    public void Unrelated_words_share_no_group()
    {
        const string question = "Is there a dark theme?";
        var byTerm = SupportSynonyms.Default.GroupsByTerm(question, TextAnalyzer.QueryTerms(question));

        Assert.Empty(byTerm);
    }
}
