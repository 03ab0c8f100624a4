using System.Globalization;
using System.Text;

namespace Assistant.Core.Text;

/// <summary>
/// Turns text into index terms, the same way for documents and queries, so keyword search works for
/// Korean and English alike: English (and other space-delimited scripts) become lower-cased words with a
/// light plural stemmer; Hangul and other unspaced scripts become overlapping character bigrams.
/// </summary>
/// <remarks>
/// Why bigrams and not SQLite's trigram tokenizer: most Korean content words are two syllables ("모델",
/// "평가", "비용") and trigram matching cannot find a two-character term. Bigrams also make particles
/// harmless: "모델은" yields "모델" and "델은", so a query for "모델" still matches.
/// </remarks>
public static class TextAnalyzer
{
    private static readonly HashSet<string> EnglishStopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "is", "are", "was", "were", "be", "been",
        "it", "its", "this", "that", "these", "those", "with", "as", "at", "by", "from", "do", "does", "did",
        "what", "which", "who", "whom", "how", "when", "where", "why", "can", "could", "should", "would", "i",
        "you", "we", "they", "my", "your", "our", "me", "us", "if", "about", "there", "their", "has", "have", "had",
        "will", "shall", "may", "so", "than", "then", "into", "any", "some", "not", "no",
    };

    /// <summary>All terms of <paramref name="text"/> in order, duplicates kept (for indexing and shingles).</summary>
    /// <remarks>Runs for every chunk stored and every document fingerprinted, so it appends chars rather than allocating a string per character.</remarks>
    public static IEnumerable<string> Terms(string text, bool dropStopWords = false)
    {
        var word = new StringBuilder();
        var run = new StringBuilder();

        foreach (var rune in text.EnumerateRunes())
        {
            if (IsUnspacedScript(rune))
            {
                if (word.Length > 0 && FlushWord(word, dropStopWords) is { } before) yield return before;
                Append(run, rune);
                continue;
            }

            if (run.Length > 0)
            {
                foreach (var t in FlushRun(run)) yield return t;
            }

            if (Rune.IsLetterOrDigit(rune) || (rune.Value == '\'' && word.Length > 0))
            {
                Append(word, Rune.ToLowerInvariant(rune));
            }
            else if (word.Length > 0 && FlushWord(word, dropStopWords) is { } ended)
            {
                yield return ended;
            }
        }

        if (word.Length > 0 && FlushWord(word, dropStopWords) is { } last) yield return last;
        if (run.Length > 0)
        {
            foreach (var t in FlushRun(run)) yield return t;
        }
    }

    // Korean question words, and endings that make a question a question; stripped from queries only
    // (never from documents) so "환불 정책은 무엇인가요?" searches for 환불 and 정책, not 인가 and 가요.
    private static readonly HashSet<string> KoreanQuestionWords = new(StringComparer.Ordinal)
    {
        "무엇", "무엇인가요", "무엇인가", "무엇입니까", "뭐", "뭔가요", "뭐야", "뭐예요", "어떻게", "어떤", "어느", "왜", "언제", "어디", "어디서",
        "누가", "누구", "무슨", "얼마나", "얼마", "몇", "며칠", "알려줘", "알려주세요", "설명해줘", "설명해주세요", "있나요", "있습니까", "하나요", "되나요",
    };

    private static readonly string[] KoreanQuestionEndings =
    [
        "인가요", "입니까", "습니까", "합니까", "됩니까", "인지", "나요", "까요", "가요", "세요", "해줘", "이야", "예요", "에요", "이에요",
        "에서는", "에서", "으로", "에는", "에게", "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "요",
    ];

    /// <summary>Distinct query terms without stop words or Korean question endings: what a keyword query ORs together.</summary>
    public static IReadOnlyList<string> QueryTerms(string query)
    {
        var words = query.Split((char[])[' ', '\t', '\n', '?', '!', '.', ',', '？'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !KoreanQuestionWords.Contains(w))
            .Select(StripKoreanEnding);
        return Terms(string.Join(' ', words), dropStopWords: true).Distinct(StringComparer.Ordinal).ToList();
    }

    private static string StripKoreanEnding(string word)
    {
        if (!ContainsHangul(word)) return word;
        foreach (var ending in KoreanQuestionEndings)
        {
            // Keep at least two syllables: "정책은" → "정책", but "이" alone stays.
            if (word.Length - ending.Length >= 2 && word.EndsWith(ending, StringComparison.Ordinal)) return word[..^ending.Length];
        }

        return word;
    }

    public static bool ContainsHangul(string text) => text.Any(c => c is >= '\uAC00' and <= '\uD7A3' or >= '\u1100' and <= '\u11FF' or >= '\u3130' and <= '\u318F');

    private static bool IsUnspacedScript(Rune rune)
    {
        var v = rune.Value;
        return v is >= 0xAC00 and <= 0xD7A3 // Hangul syllables
            or >= 0x3130 and <= 0x318F // Hangul compatibility jamo
            or >= 0x4E00 and <= 0x9FFF // CJK unified ideographs
            or >= 0x3040 and <= 0x30FF; // Hiragana and Katakana
    }

    private static void Append(StringBuilder sb, Rune rune)
    {
        if (rune.IsBmp)
        {
            sb.Append((char)rune.Value);
            return;
        }

        Span<char> pair = stackalloc char[2];
        sb.Append(pair[..rune.EncodeToUtf16(pair)]);
    }

    /// <returns>The word's term, or null when it is empty or a dropped stop word.</returns>
    private static string? FlushWord(StringBuilder word, bool dropStopWords)
    {
        var w = word.ToString().Trim('\'');
        word.Clear();
        if (w.EndsWith("'s", StringComparison.Ordinal)) w = w[..^2];
        if (w.Length == 0 || (dropStopWords && EnglishStopWords.Contains(w))) return null;
        return Stem(w);
    }

    private static IEnumerable<string> FlushRun(StringBuilder run)
    {
        var s = run.ToString();
        run.Clear();

        // In the unspaced scripts every character is one text element, except the kana voicing marks U+3099/U+309A,
        // which join the character before them; only then is the (slow) grapheme segmentation needed.
        if (s.AsSpan().IndexOfAny('\u3099', '\u309A') < 0)
        {
            if (s.Length == 1)
            {
                yield return s;
                yield break;
            }

            for (var i = 0; i + 1 < s.Length; i++)
            {
                yield return s.Substring(i, 2);
            }

            yield break;
        }

        var info = new StringInfo(s);
        var n = info.LengthInTextElements;
        if (n == 1)
        {
            yield return s;
            yield break;
        }

        for (var i = 0; i + 1 < n; i++)
        {
            yield return info.SubstringByTextElements(i, 2);
        }
    }

    /// <summary>Plural and -ed/-ing folding only: enough for "refunds" to match "refund" without a full stemmer's surprises.</summary>
    internal static string Stem(string w)
    {
        if (w.Length <= 3 || !char.IsAsciiLetter(w[^1])) return w;
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4) return w[..^3] + "y";
        if (w.EndsWith("sses", StringComparison.Ordinal) || w.EndsWith("ches", StringComparison.Ordinal) || w.EndsWith("shes", StringComparison.Ordinal) || w.EndsWith("xes", StringComparison.Ordinal)) return w[..^2];
        if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal)) return w[..^1];
        // "refunded" and "training" meet "refund" and "train"; short words ("need", "thing") are left alone.
        if (w.Length >= 7 && w.EndsWith("ed", StringComparison.Ordinal) && !w.EndsWith("eed", StringComparison.Ordinal)) return w[..^2];
        if (w.Length >= 8 && w.EndsWith("ing", StringComparison.Ordinal)) return w[..^3];
        return w;
    }
}
