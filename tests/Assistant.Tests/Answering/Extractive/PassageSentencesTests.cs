using Assistant.Core.Answering.Extractive;
using Assistant.Core.Retrieval;

namespace Assistant.Tests.Answering.Extractive;

public sealed class PassageSentencesTests
{
    [Fact]
    public void Titles_headings_and_underlines_are_not_sentences_but_table_rows_and_list_items_are()
    {
        var hit = new SearchHit(1, 1, "d", "/notes.txt", "4.3.0 (2025-03-18)", null, """
            NIMBUS NOTES RELEASE NOTES
            4.3.0 (2025-03-18)
            ------------------
            2.1 토큰화
            - Public API v2 adds cursor-based pagination.
            Gemini 2.5 Pro | 1463 | 86.4
            모델은 글자를 그대로 읽지 않습니다.
            """, 0);

        Assert.Equal(
            ["Public API v2 adds cursor-based pagination.", "Gemini 2.5 Pro | 1463 | 86.4", "모델은 글자를 그대로 읽지 않습니다."],
            PassageSentences.Of(hit));
    }

    [Theory]
    [InlineData("NIMBUS NOTES RELEASE NOTES", true)]
    [InlineData("4.3.0 (2025-03-18)", true)]
    [InlineData("Plans and pricing", true)]
    [InlineData("Upgrades take effect immediately.", false)]
    [InlineData("주말과 공휴일은 쉽니다", false)]
    [InlineData("Model | Elo | MMLU", false)]
    public void Recognises_title_lines(string line, bool title) =>
        Assert.Equal(title, PassageSentences.IsTitleLine(line));
}
