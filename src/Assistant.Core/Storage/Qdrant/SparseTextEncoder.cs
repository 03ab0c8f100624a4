using System.Text;

namespace Assistant.Core.Storage.Qdrant;

/// <summary>A sparse vector as Qdrant takes it: unique indices with one weight each.</summary>
public sealed record SparseVectorData(IReadOnlyList<uint> Indices, IReadOnlyList<float> Values)
{
    public bool IsEmpty => Indices.Count == 0;
}

/// <summary>
/// Turns text into BM25-style sparse vectors for Qdrant's sparse index with <c>modifier: idf</c>: the document side
/// carries the saturated, length-normalised term frequency and Qdrant multiplies in the IDF from its own
/// collection statistics at query time. The query side weighs each distinct term 1, so a query's terms are OR-ed
/// and a passage matching any of them scores.
/// Latin, digits and other scripts split into lower-cased words; Hangul (and Han/Kana) runs become overlapping
/// character bigrams, because Korean attaches particles to words ("모델을", "모델이") and bigrams let "모델"
/// match all of them without a morphological analyser.
/// </summary>
public static class SparseTextEncoder
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    // Qdrant keeps no per-document length, so length normalisation uses a fixed typical chunk length in tokens.
    private const double AverageLength = 200;

    public static SparseVectorData EncodeDocument(string text)
    {
        var counts = Count(Tokenize(text), out var length);
        var norm = K1 * (1 - B + (B * length / AverageLength));
        return Build(counts, tf => (float)(tf * (K1 + 1) / (tf + norm)));
    }

    public static SparseVectorData EncodeQuery(string text) => Build(Count(Tokenize(text), out _), _ => 1f);

    public static IEnumerable<string> Tokenize(string text)
    {
        var word = new StringBuilder();
        var cjk = new StringBuilder();
        foreach (var ch in text.Normalize(NormalizationForm.FormKC))
        {
            if (IsCjk(ch))
            {
                foreach (var t in Flush(word, false)) yield return t;
                cjk.Append(ch);
            }
            else if (char.IsLetterOrDigit(ch))
            {
                foreach (var t in Flush(cjk, true)) yield return t;
                word.Append(char.ToLowerInvariant(ch));
            }
            else
            {
                foreach (var t in Flush(word, false)) yield return t;
                foreach (var t in Flush(cjk, true)) yield return t;
            }
        }

        foreach (var t in Flush(word, false)) yield return t;
        foreach (var t in Flush(cjk, true)) yield return t;
    }

    /// <summary>FNV-1a over UTF-8: stable across processes and machines, unlike string.GetHashCode.</summary>
    public static uint TermIndex(string term)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(term))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }

    private static IEnumerable<string> Flush(StringBuilder run, bool bigrams)
    {
        if (run.Length == 0)
        {
            return [];
        }

        var s = run.ToString();
        run.Clear();
        if (!bigrams || s.Length == 1)
        {
            return [s];
        }

        return Enumerable.Range(0, s.Length - 1).Select(i => s.Substring(i, 2));
    }

    private static bool IsCjk(char ch) =>
        ch is >= '\uAC00' and <= '\uD7A3' // Hangul syllables
        || ch is >= '\u3040' and <= '\u30FF' // Hiragana, Katakana
        || ch is >= '\u4E00' and <= '\u9FFF'; // CJK unified ideographs

    private static Dictionary<uint, int> Count(IEnumerable<string> tokens, out int length)
    {
        var counts = new Dictionary<uint, int>();
        length = 0;
        foreach (var token in tokens)
        {
            var index = TermIndex(token);
            counts[index] = counts.GetValueOrDefault(index) + 1;
            length++;
        }

        return counts;
    }

    private static SparseVectorData Build(Dictionary<uint, int> counts, Func<int, float> weight)
    {
        var ordered = counts.OrderBy(kv => kv.Key).ToArray();
        return new SparseVectorData(ordered.Select(kv => kv.Key).ToArray(), ordered.Select(kv => weight(kv.Value)).ToArray());
    }
}
