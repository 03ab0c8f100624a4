using Assistant.Core.Text;

namespace Assistant.Tests.Text;

public sealed class TextAnalyzerTests
{
    [Fact]
    public void Hangul_runs_become_overlapping_bigrams()
    {
        Assert.Equal(["모델", "델은", "좋다"], TextAnalyzer.Terms("모델은 좋다"));
    }

    [Fact]
    public void A_single_hangul_syllable_is_its_own_term()
    {
        Assert.Equal(["책"], TextAnalyzer.Terms("책"));
    }

    [Fact]
    public void A_particle_does_not_stop_a_bare_word_from_matching()
    {
        var documentTerms = TextAnalyzer.Terms("이 모델은 빠르다").ToHashSet();
        var queryTerms = TextAnalyzer.QueryTerms("모델");

        Assert.Equal(["모델"], queryTerms);
        Assert.Contains("모델", documentTerms);
    }

    [Fact]
    public void A_query_with_a_particle_is_stripped_to_the_word()
    {
        Assert.Equal(["모델"], TextAnalyzer.QueryTerms("모델은"));
        Assert.Equal(["정책"], TextAnalyzer.QueryTerms("정책을"));
    }

    [Fact]
    public void Plurals_fold_to_the_singular()
    {
        Assert.Equal(["refund", "policy", "box", "class", "status", "analysis"], TextAnalyzer.Terms("Refunds policies boxes classes status analysis"));
    }

    [Fact]
    public void Words_are_lower_cased_and_possessives_dropped()
    {
        Assert.Equal(["model", "context", "window"], TextAnalyzer.Terms("MODEL's Context-Window"));
    }

    [Fact]
    public void Stop_words_are_dropped_from_queries_but_kept_in_documents()
    {
        Assert.Equal(["refund", "policy"], TextAnalyzer.QueryTerms("What is the refund policy?"));
        Assert.Contains("the", TextAnalyzer.Terms("what is the refund policy"));
    }

    [Fact]
    public void Korean_question_endings_and_words_are_stripped_from_queries()
    {
        Assert.Equal(["환불", "정책"], TextAnalyzer.QueryTerms("환불 정책은 무엇인가요?"));
        Assert.Equal(["비용"], TextAnalyzer.QueryTerms("비용이 얼마인가요?").Take(1));
        Assert.DoesNotContain("가요", TextAnalyzer.QueryTerms("평가 기준은 어떻게 되나요?"));
    }

    [Fact]
    public void Query_terms_are_distinct()
    {
        Assert.Equal(["model", "모델"], TextAnalyzer.QueryTerms("model models 모델 모델"));
    }

    [Fact]
    public void Mixed_scripts_split_at_the_script_boundary()
    {
        Assert.Equal(["llm", "모델", "gpt", "4"], TextAnalyzer.Terms("LLM모델 GPT-4"));
    }

    [Theory]
    [InlineData("환불", true)]
    [InlineData("refund", false)]
    [InlineData("ㅋㅋ", true)]
    public void ContainsHangul_detects_syllables_and_jamo(string text, bool expected) => Assert.Equal(expected, TextAnalyzer.ContainsHangul(text));

    [Fact]
    public void A_kana_voicing_mark_stays_with_its_character_in_bigrams()
    {
        // か + U+3099 (combining voiced mark) is one text element, so "か\u3099き" is a single bigram.
        Assert.Equal(["か\u3099き"], TextAnalyzer.Terms("か\u3099き"));
        Assert.Equal(["がき", "きく"], TextAnalyzer.Terms("がきく"));
    }

    [Fact]
    public void Letters_outside_the_basic_plane_are_lower_cased_and_kept_whole()
    {
        // U+10400 DESERET CAPITAL LETTER LONG I lower-cases to U+10428, a surrogate pair in UTF-16.
        Assert.Equal(["\U00010428bc", "word"], TextAnalyzer.Terms("\U00010400bc, word"));
    }
}
