using Assistant.Plugins.Sentiment;

namespace Assistant.Tests.Plugins;

public sealed class SentimentLexiconTests
{
    [Theory]
    [InlineData("안 좋아요", "negative")]
    [InlineData("별로 안 좋아요", "negative")]
    [InlineData("좋지 않아요", "negative")]
    [InlineData("좋지않아요", "negative")]
    [InlineData("나쁘지 않아요", "positive")]
    [InlineData("좋아요", "positive")]
    [InlineData("별로예요", "negative")]
    public void Korean_negation(string text, string label)
    {
        var result = LexiconSentimentAnalyzer.Analyze(text, "ko");
        Assert.Equal(label, result.Label);
        Assert.Equal("lexicon", result.Mode);
        Assert.Equal("ko", result.Language);
    }

    [Theory]
    [InlineData("not bad", "positive")]
    [InlineData("It isn't great", "negative")]
    [InlineData("I don't like it", "negative")]
    [InlineData("The support was good", "positive")]
    [InlineData("The support was not good", "negative")]
    public void English_negation(string text, string label) => Assert.Equal(label, LexiconSentimentAnalyzer.Analyze(text, "en").Label);

    [Fact]
    public void Negated_words_are_damped_not_just_flipped()
    {
        var good = LexiconSentimentAnalyzer.Analyze("good", "en").Score;
        var notBad = LexiconSentimentAnalyzer.Analyze("not bad", "en").Score;
        Assert.InRange(notBad, 0.01, good - 0.01);
        Assert.Contains("not bad", LexiconSentimentAnalyzer.Analyze("not bad", "en").Phrases);
    }

    [Theory]
    [InlineData("good", "very good", "en")]
    [InlineData("good", "really good", "en")]
    [InlineData("좋아요", "너무 좋아요", "ko")]
    [InlineData("좋아요", "정말 좋아요", "ko")]
    [InlineData("만족해요", "완전 만족해요", "ko")]
    public void Intensifiers_raise_the_score(string plain, string intensified, string language)
    {
        var a = LexiconSentimentAnalyzer.Analyze(plain, language);
        var b = LexiconSentimentAnalyzer.Analyze(intensified, language);
        Assert.True(b.Score > a.Score, $"{intensified} {b.Score} vs {plain} {a.Score}");
        Assert.Contains(b.Phrases, p => p.StartsWith(intensified.Split(' ')[0], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("The screen is great but the battery is terrible", "en")]
    [InlineData("가격은 비싸지만 품질은 좋아요", "ko")]
    [InlineData("맛은 좋았어요. 하지만 양이 적었어요", "ko")]
    public void Opposite_opinions_across_a_contrast_are_mixed(string text, string language) =>
        Assert.Equal("mixed", LexiconSentimentAnalyzer.Analyze(text, language).Label);

    [Fact]
    public void Aspects_get_the_sentiment_of_their_own_clause()
    {
        var result = LexiconSentimentAnalyzer.Analyze("The screen is great but the battery is terrible", "en");
        Assert.Contains(result.Aspects, a => a is { Aspect: "screen", Label: "positive" });
        Assert.Contains(result.Aspects, a => a is { Aspect: "battery", Label: "negative" });

        var korean = LexiconSentimentAnalyzer.Analyze("가격은 비싸지만 품질은 좋아요", "ko");
        Assert.Contains(korean.Aspects, a => a is { Aspect: "가격", Label: "negative" });
        Assert.Contains(korean.Aspects, a => a is { Aspect: "품질", Label: "positive" });
    }

    [Fact]
    public void A_plain_question_is_neutral_and_scores_stay_in_range()
    {
        var result = LexiconSentimentAnalyzer.Analyze("How do I reset my password?", "en");
        Assert.Equal("neutral", result.Label);
        Assert.Equal(0, result.Score);
        Assert.Empty(result.Phrases);
        foreach (var text in new[] { "very very very terrible awful worst", "정말 정말 최고 최고 완벽 완벽" })
        {
            var r = LexiconSentimentAnalyzer.Analyze(text, text.Any(c => c >= '\uAC00') ? "ko" : "en");
            Assert.InRange(r.Score, -1, 1);
            Assert.InRange(r.Confidence, 0, 1);
        }
    }
}
