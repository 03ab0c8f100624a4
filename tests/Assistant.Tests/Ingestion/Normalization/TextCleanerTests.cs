using Assistant.Core.Ingestion.Normalization;

namespace Assistant.Tests.Ingestion.Normalization;

public sealed class TextCleanerTests
{
    [Fact]
    public void Line_breaks_become_newlines_and_controls_are_removed()
    {
        var cleaned = TextCleaner.Clean("a\r\nb\rc\nd\te\u0000f\u0007g\u0085h\u001Ei");

        Assert.Equal("a\nb\nc\nd\tefghi", cleaned);
    }

    [Fact]
    public void Record_separator_is_kept_only_when_asked()
    {
        Assert.Equal("a\u001Eb", TextCleaner.Clean("a\u001Eb", keepRecordSeparator: true));
        Assert.Equal("ab", TextCleaner.Clean("a\u001Eb"));
    }

    [Fact]
    public void Text_is_composed_to_nfc()
    {
        var decomposed = "cafe\u0301 \u1112\u1161\u11AB"; // é and 한 as combining sequences

        Assert.Equal("café 한", TextCleaner.Clean(decomposed));
    }

    [Fact]
    public void Leading_bom_is_dropped_and_lone_surrogates_are_replaced()
    {
        Assert.Equal("x\uFFFDy 😀", TextCleaner.Clean("\uFEFFx\uD800y 😀"));
    }

    [Fact]
    public void Clean_text_is_returned_equal()
    {
        const string text = "한국어와 English, emoji 🚀, tabs\tand\nlines.";

        Assert.Equal(text, TextCleaner.Clean(text));
    }
}
