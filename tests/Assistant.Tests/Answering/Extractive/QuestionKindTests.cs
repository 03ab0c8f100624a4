using Assistant.Core.Answering.Extractive;

namespace Assistant.Tests.Answering.Extractive;

public sealed class QuestionKindTests
{
    [Theory]
    [InlineData("How many backup codes do I get?", AnswerKind.Quantity)]
    [InlineData("카드 대금은 며칠 만에 돌아오나요?", AnswerKind.Quantity)]
    [InlineData("Who built the leaderboard?", AnswerKind.Name)]
    [InlineData("Which browser gained the web clipper?", AnswerKind.Name)]
    [InlineData("리더보드를 만든 곳은 어디인가요?", AnswerKind.Name)]
    [InlineData("Can I pay with a card?", AnswerKind.YesNo)]
    [InlineData("Is there a desktop app?", AnswerKind.YesNo)]
    [InlineData("프로 요금제를 무료로 써 볼 수 있나요?", AnswerKind.YesNo)]
    [InlineData("환불은 어떻게 받나요?", AnswerKind.Any)]
    [InlineData("What is the refund policy?", AnswerKind.Any)]
    public void Reads_the_kind_of_answer_from_the_question_words(string question, AnswerKind kind) =>
        Assert.Equal(kind, QuestionKind.Of(question));

    [Theory]
    [InlineData(AnswerKind.Quantity, "Refunds arrive within 5 to 10 business days.", true)]
    [InlineData(AnswerKind.Quantity, "Refund the set every quarter.", true)]
    [InlineData(AnswerKind.Quantity, "Refunds go back to the original payment method.", false)]
    [InlineData(AnswerKind.Name, "Data is hosted in Frankfurt for accounts in the European Union.", true)]
    [InlineData(AnswerKind.Name, "Go to Settings > Security and scan the code.", true)]
    [InlineData(AnswerKind.Name, "the data is hosted in two regions.", false)]
    [InlineData(AnswerKind.Name, "업스테이지와 NIA가 함께 만들었습니다.", true)]
    [InlineData(AnswerKind.Any, "Anything at all.", true)]
    public void Tells_whether_a_sentence_has_the_kind_of_answer_asked_for(AnswerKind kind, string sentence, bool fits) =>
        Assert.Equal(fits, QuestionKind.Fits(kind, sentence));
}
