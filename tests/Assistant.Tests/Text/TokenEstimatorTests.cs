using Assistant.Core.Text;

namespace Assistant.Tests.Text;

public sealed class TokenEstimatorTests
{
    [Fact]
    public void Hangul_costs_about_one_token_per_syllable()
    {
        const string korean = "환불 정책은 구매 후 삼십일 이내에 적용됩니다"; // 19 syllables
        var syllables = korean.Count(c => c is >= '\uAC00' and <= '\uD7A3');

        var tokens = TokenEstimator.Estimate(korean);

        Assert.Equal(19, syllables);
        Assert.InRange(tokens, syllables, syllables + 3);
    }

    [Fact]
    public void English_prose_costs_about_four_characters_per_token()
    {
        var prose = string.Concat(Enumerable.Repeat("Retrieval augmented generation grounds answers in your own documents. ", 10));

        var tokens = TokenEstimator.Estimate(prose);

        Assert.InRange(tokens, prose.Length / 6, prose.Length / 3);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("   \n\t", 0)]
    [InlineData("word", 1)]
    [InlineData("words", 2)]
    [InlineData("123456", 2)]
    [InlineData("a, b.", 4)]
    public void Small_inputs_have_exact_estimates(string text, int expected) => Assert.Equal(expected, TokenEstimator.Estimate(text));

    [Fact]
    public void Span_and_string_overloads_agree()
    {
        const string text = "Mixed 한국어 and English, 2025.";
        Assert.Equal(TokenEstimator.Estimate(text), TokenEstimator.Estimate(text.AsSpan()));
    }
}
