using System.Text;
using Assistant.Core.Ingestion.Normalization;
using Xunit.Abstractions;

namespace Assistant.Tests.Ingestion.Normalization;

public sealed class MojibakeRepairerTests(ITestOutputHelper output)
{
    private const string Korean = "한국어 문서를 검색하고 요약하는 시스템을 만들었습니다. 사용자는 질문을 입력하고 답변을 받습니다.";
    private const string Mixed = "The model 모델 reads documents 문서 and answers 답변합니다 with citations. 😀 Done!";

    private readonly MojibakeRepairer _repairer = new();

    static MojibakeRepairerTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static TheoryData<string> CleanTexts => new()
    {
        "Plain English text with nothing special in it.",
        Korean,
        Mixed,
        "Un café naïve à la crème brûlée, déjà vu — «très» bien…",
        "Ελληνικά: η μάθηση είναι διαδικασία. «Λόγος» και Ε΄ τάξη.",
        "Русский текст: привет, мир! Её ёлка — ещё «лучше».",
        "Polski: zażółć gęślą jaźń. Čeština: příliš žluťoučký kůň.",
        "Deutsch: „heiß“ und Öl, Größe — © 2024 ® ™ ±5 °C, 50 € m²",
        "日本語のテキストと中文文本 with emoji 🚀🎉 and ✓ marks",
        "Record\u001Eseparated\u001Eblocks 한국어\u001E텍스트",
    };

    [Theory]
    [MemberData(nameof(CleanTexts))]
    public void Clean_text_comes_back_unchanged(string text)
    {
        var result = _repairer.Repair(text);

        output.WriteLine($"garbage={result.GarbageShare:F4} :: {text}");
        Assert.False(result.WasDamaged);
        Assert.Equal(text, result.Text);
        Assert.Null(result.SourceEncoding);
        Assert.Equal(1, result.RecoveredShare);
        Assert.True(result.GarbageShare <= MojibakeRepairer.DefaultMaxGarbageShare, $"garbage {result.GarbageShare:F4}");
    }

    [Theory]
    [InlineData("windows-1252")]
    [InlineData("windows-1253")]
    [InlineData("iso-8859-1")]
    [InlineData("windows-1251")]
    [InlineData("windows-1250")]
    [InlineData("iso-8859-7")]
    public void Lossless_mojibake_is_repaired_exactly(string codePage)
    {
        var damaged = Damage(Mixed, codePage, DropMode.KeepAsReplacement);

        var result = _repairer.Repair(damaged);

        output.WriteLine($"{codePage}: found={result.SourceEncoding} recovered={result.RecoveredShare:F4} garbage={result.GarbageShare:F4}");
        Assert.True(result.WasDamaged);
        Assert.Equal(Mixed, result.Text);
        Assert.True(result.GarbageShare <= MojibakeRepairer.DefaultMaxGarbageShare);
    }

    [Theory]
    [InlineData("windows-1252", 0.95)]
    [InlineData("windows-1253", 0.8)]
    [InlineData("windows-1251", 0.95)]
    [InlineData("windows-1250", 0.9)]
    public void Mojibake_with_dropped_bytes_is_mostly_recovered(string codePage, double floor)
    {
        var damaged = Damage(Korean, codePage, DropMode.Drop);

        var result = _repairer.Repair(damaged);

        var similarity = TextSimilarity.Similarity(TextSimilarity.Hangul(result.Text), TextSimilarity.Hangul(Korean));
        output.WriteLine($"{codePage}: similarity={similarity:F4} recovered={result.RecoveredShare:F4} garbage={result.GarbageShare:F4}");
        output.WriteLine(result.Text);
        Assert.True(result.WasDamaged);
        Assert.Equal(codePage, result.SourceEncoding);
        Assert.True(similarity >= floor, $"similarity {similarity:F4} below {floor}");
        Assert.True(result.GarbageShare <= MojibakeRepairer.DefaultMaxGarbageShare);
    }

    [Fact]
    public void Unmappable_bytes_that_became_replacement_characters_are_rebuilt_in_place()
    {
        var damaged = Damage(Korean, "windows-1253", DropMode.Replace);

        var result = _repairer.Repair(damaged);

        var similarity = TextSimilarity.Similarity(TextSimilarity.Hangul(result.Text), TextSimilarity.Hangul(Korean));
        output.WriteLine($"similarity={similarity:F4} recovered={result.RecoveredShare:F4}");
        Assert.True(result.WasDamaged);
        Assert.True(similarity >= 0.8, $"similarity {similarity:F4}");
    }

    [Fact]
    public void Ascii_including_record_separators_passes_through_untouched()
    {
        var original = "제목\u001E본문 내용입니다\u001E마지막 블록";
        var damaged = Damage(original, "windows-1252", DropMode.KeepAsReplacement);

        var result = _repairer.Repair(damaged);

        Assert.Equal(original, result.Text);
        Assert.Equal(3, result.Text.Split('\u001E').Length);
    }

    [Fact]
    public void Repair_with_a_known_encoding_applies_to_another_fragment()
    {
        var first = _repairer.Repair(Damage(Korean, "windows-1252", DropMode.KeepAsReplacement));
        var fragment = Damage("문서 검색", "windows-1252", DropMode.KeepAsReplacement);

        Assert.Equal("windows-1252", first.SourceEncoding);
        Assert.Equal("문서 검색", _repairer.RepairWith(first.SourceEncoding!, fragment));
        Assert.Equal("café", _repairer.RepairWith("windows-1252", "café"));
    }

    [Fact]
    public void Repair_with_an_unknown_encoding_names_it()
    {
        var ex = Assert.Throws<ArgumentException>(() => _repairer.RepairWith("klingon-42", "text"));
        Assert.Contains("klingon-42", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Western_european_mojibake_is_repaired()
    {
        const string original = "Un café naïve, déjà vu — “quoted” and it’s fine";
        var result = _repairer.Repair(Damage(original, "windows-1252", DropMode.KeepAsReplacement));

        Assert.True(result.WasDamaged);
        Assert.Equal(original, result.Text);
    }

    [Fact]
    public void Random_garbage_symbols_measure_as_garbage()
    {
        var random = new Random(7);
        const string pool = "¤¦§¨©¬®°±²³´µ¶·¸¹º»¼½¾¿×÷‡†‰‹›•™ˆ˜ƒ";
        var garbage = new string(Enumerable.Range(0, 400).Select(i => i % 9 == 8 ? ' ' : pool[random.Next(pool.Length)]).ToArray());

        var share = MojibakeRepairer.MeasureGarbage(garbage);

        output.WriteLine($"random symbols garbage={share:F4}; clean Korean garbage={MojibakeRepairer.MeasureGarbage(Korean):F4}");
        Assert.True(share >= 0.9, $"garbage {share:F4}");
        Assert.Equal(0, MojibakeRepairer.MeasureGarbage(Korean));
        Assert.True(MojibakeRepairer.MeasureGarbage("한국\uFFFD\uFFFD어") > 0.3);
    }

    private enum DropMode
    {
        Drop,
        Replace,
        KeepAsReplacement,
    }

    /// <summary>
    /// Saves UTF-8 text as if it had been opened in <paramref name="codePage"/>: bytes the code page cannot map are
    /// dropped, replaced by U+FFFD, or (lossless) kept as the code page's own best-fit characters.
    /// </summary>
    private static string Damage(string text, string codePage, DropMode mode)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (mode == DropMode.KeepAsReplacement)
        {
            return Encoding.GetEncoding(codePage).GetString(bytes);
        }

        var strict = Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        var sb = new StringBuilder();
        foreach (var b in bytes)
        {
            string decoded;
            try
            {
                decoded = strict.GetString([b]);
            }
            catch (DecoderFallbackException)
            {
                decoded = "\uFFFD";
            }

            var unmappable = decoded == "\uFFFD" || decoded[0] is >= '\u0080' and <= '\u009F' || char.GetUnicodeCategory(decoded[0]) == System.Globalization.UnicodeCategory.PrivateUse;
            if (unmappable)
            {
                if (mode == DropMode.Replace)
                {
                    sb.Append('\uFFFD');
                }
            }
            else
            {
                sb.Append(decoded);
            }
        }

        return sb.ToString();
    }
}
