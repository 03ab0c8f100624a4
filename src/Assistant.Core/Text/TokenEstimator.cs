using System.Text;

namespace Assistant.Core.Text;

/// <summary>
/// Estimates how many tokens a model's tokenizer will spend on a text, without shipping a tokenizer
/// (Microsoft.ML.Tokenizers is not available here, and the chat model may be any provider's anyway).
/// </summary>
/// <remarks>
/// Calibrated against BPE tokenizers of the GPT-4 / Llama 3 family: English prose averages about four
/// characters per token; Hangul costs about one token per syllable (byte-level BPE often spends more on
/// rare syllables, fewer on common ones); digits about three per token; each punctuation mark or symbol
/// one token; CJK ideographs one each; emoji two. The estimate errs high for Korean, which keeps chunks
/// safely inside context windows.
/// </remarks>
public static class TokenEstimator
{
    public static int Estimate(string text) => Estimate(text.AsSpan());

    public static int Estimate(ReadOnlySpan<char> text)
    {
        double tokens = 0;
        var letters = 0;
        var digits = 0;

        foreach (var rune in text.EnumerateRunes())
        {
            var v = rune.Value;
            if (Rune.IsLetter(rune) && v < 0x1100)
            {
                letters++;
                continue;
            }

            if (Rune.IsDigit(rune))
            {
                digits++;
                continue;
            }

            tokens += Flush(ref letters, ref digits);
            if (Rune.IsWhiteSpace(rune)) continue;
            tokens += v switch
            {
                >= 0xAC00 and <= 0xD7A3 => 1.0,
                >= 0x4E00 and <= 0x9FFF or >= 0x3040 and <= 0x30FF => 1.0,
                >= 0x1F000 => 2.0,
                _ => 1.0,
            };
        }

        tokens += Flush(ref letters, ref digits);
        return (int)Math.Ceiling(tokens);
    }

    private static double Flush(ref int letters, ref int digits)
    {
        var t = Math.Ceiling(letters / 4.0) + Math.Ceiling(digits / 3.0);
        letters = 0;
        digits = 0;
        return t;
    }
}
