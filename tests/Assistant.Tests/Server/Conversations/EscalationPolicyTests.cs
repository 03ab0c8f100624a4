using Assistant.Server.Conversations;
using Microsoft.Extensions.Options;

namespace Assistant.Tests.Server.Conversations;

public sealed class EscalationPolicyTests
{
    private static EscalationPolicy Policy(SupportOptions? options = null) => new(Options.Create(options ?? new SupportOptions()));

    [Theory]
    [InlineData("Can I talk to a human, please?")]
    [InlineData("I want to speak with a real person")]
    [InlineData("connect me to an agent")]
    [InlineData("Please transfer me to a customer service representative")]
    [InlineData("I need a human")]
    [InlineData("상담원 연결해 주세요")]
    [InlineData("사람과 통화하고 싶어요")]
    [InlineData("담당자 연결 부탁드립니다")]
    [InlineData("그냥 사람이랑 얘기할래요")]
    [InlineData("직원 좀 바꿔 주세요")]
    public void Asking_for_a_person_is_recognised_in_english_and_korean(string message) =>
        Assert.True(EscalationPolicy.AsksForPerson(message), message);

    [Theory]
    [InlineData("How long is the warranty period for the blender?")]
    [InlineData("Is a human-readable manual included?")]
    [InlineData("Does the agent software run on Linux?")]
    [InlineData("블렌더 보증 기간은 얼마인가요?")]
    [InlineData("담당자 이메일 주소가 문서에 있나요?")]
    public void Ordinary_questions_are_not_requests_for_a_person(string message) =>
        Assert.False(EscalationPolicy.AsksForPerson(message), message);

    [Theory]
    [InlineData("This is terrible. The worst service ever, I am furious and very disappointed.")]
    [InlineData("정말 최악이에요. 너무 화가 나고 실망스러워요.")]
    public async Task Strongly_negative_messages_escalate(string message)
    {
        var score = await Policy().AverageSentimentAsync([message], CancellationToken.None);
        Assert.True(score <= new SupportOptions().NegativeThreshold, $"score {score}");
        Assert.Equal(EscalationReasons.NegativeSentiment, await Policy().DecideAsync([message], found: true, CancellationToken.None));
    }

    [Fact]
    public async Task Sentiment_is_averaged_over_the_recent_window_only()
    {
        const string angry = "This is terrible. The worst service ever, I am furious and very disappointed.";
        const string happy = "Great, thank you, that was really helpful and excellent!";
        // One angry message among happy recent ones does not escalate; three angry in a row do, an older happy one no longer counting.
        Assert.Null(await Policy().DecideAsync([angry, happy, happy, happy], found: true, CancellationToken.None));
        Assert.Equal(EscalationReasons.NegativeSentiment, await Policy().DecideAsync([happy, angry, angry, angry], found: true, CancellationToken.None));
        // A stricter threshold from the options turns the same messages down.
        Assert.Null(await Policy(new SupportOptions { NegativeThreshold = -1.01 }).DecideAsync([angry], found: true, CancellationToken.None));
    }

    [Fact]
    public async Task Not_found_escalates_unless_switched_off_and_a_person_request_comes_first()
    {
        Assert.Equal(EscalationReasons.NotFound, await Policy().DecideAsync(["What is the airspeed of a swallow?"], found: false, CancellationToken.None));
        Assert.Null(await Policy(new SupportOptions { EscalateWhenNotFound = false }).DecideAsync(["What is the airspeed of a swallow?"], found: false, CancellationToken.None));
        Assert.Null(await Policy().DecideAsync(["How long is the warranty?"], found: true, CancellationToken.None));
        Assert.Equal(EscalationReasons.PersonRequested, await Policy().DecideAsync(["This is terrible, let me talk to a human"], found: false, CancellationToken.None));
    }
}
