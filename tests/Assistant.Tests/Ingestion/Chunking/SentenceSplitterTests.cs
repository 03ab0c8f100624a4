using Assistant.Core.Ingestion.Chunking;

namespace Assistant.Tests.Ingestion.Chunking;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void English_sentences_split_at_terminal_punctuation()
    {
        Assert.Equal(
            ["The model is small.", "Is it fast?", "Yes!", "It runs anywhere."],
            SentenceSplitter.Split("The model is small. Is it fast? Yes! It runs anywhere."));
    }

    [Fact]
    public void Abbreviations_and_decimals_do_not_end_a_sentence()
    {
        Assert.Equal(
            ["Use a tool, e.g. a hammer, when needed.", "Pi is about 3.14 and e is 2.718 here.", "See Fig. 3 for details."],
            SentenceSplitter.Split("Use a tool, e.g. a hammer, when needed. Pi is about 3.14 and e is 2.718 here. See Fig. 3 for details."));
    }

    [Fact]
    public void Korean_endings_da_and_yo_end_sentences()
    {
        Assert.Equal(
            ["모델을 평가했다.", "결과가 좋아요.", "다음 단계는 무엇인가요?", "배포합니다."],
            SentenceSplitter.Split("모델을 평가했다. 결과가 좋아요. 다음 단계는 무엇인가요? 배포합니다."));
    }

    [Fact]
    public void A_line_break_after_a_korean_ending_closes_a_sentence_without_a_period()
    {
        Assert.Equal(["성능이 높음", "비용이 낮다", "다음 줄"], SentenceSplitter.Split("성능이 높음\n비용이 낮다\n다음 줄"));
    }

    [Fact]
    public void A_line_break_inside_an_english_sentence_does_not_split_it()
    {
        Assert.Equal(["This sentence wraps\nonto a second line."], SentenceSplitter.Split("This sentence wraps\nonto a second line."));
    }

    [Fact]
    public void List_bullets_start_new_sentences()
    {
        Assert.Equal(["Steps:", "- install", "- run"], SentenceSplitter.Split("Steps:\n- install\n- run"));
    }
}
