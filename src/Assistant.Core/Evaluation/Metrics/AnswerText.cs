using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Assistant.Core.Text;

namespace Assistant.Core.Evaluation.Metrics;

/// <summary>
/// Answer-correctness measures that need no model: a normalised contains-match on key facts and token F1.
/// Korean needs its own care: spacing is free ("7억 명" and "7억명" are the same), so matching ignores all whitespace,
/// and F1 counts Hangul as character bigrams (TextAnalyzer's terms), which survive particles ("정책은" / "정책").
/// </summary>
public static partial class AnswerText
{
    // Hedges a reference puts before a number that an equally right answer may word differently ("about 14 GB" / "roughly 14 GB").
    private static readonly string[] Hedges = ["about ", "around ", "roughly ", "approximately ", "approx. ", "~", "약 ", "대략 "];

    /// <summary>
    /// NFKC (full-width digits and letters become ASCII), lower case, citation markers "[n]" removed, then only letters and
    /// digits kept: punctuation, currency signs, thousands separators and every space go, so "$1,350" matches "1350".
    /// Two numbers apart stay apart: digits separated by anything but "," or "." get a '|' between them, so
    /// "$600 = $1,350" is "600|1350" and does not hold "6001350"'s "01350".
    /// </summary>
    public static string Normalize(string text)
    {
        var s = Citation().Replace(text.Normalize(NormalizationForm.FormKC), " ").ToLower(CultureInfo.InvariantCulture);
        var b = new StringBuilder(s.Length);
        var lastWasDigit = false;
        var splitNumber = false;
        foreach (var rune in s.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                var digit = Rune.IsDigit(rune);
                if (digit && lastWasDigit && splitNumber) b.Append('|');
                b.Append(rune.ToString());
                lastWasDigit = digit;
                splitNumber = false;
            }
            else if (rune.Value is not (',' or '.'))
            {
                splitNumber = true;
            }
        }

        return b.ToString();
    }

    /// <summary>Whether <paramref name="answer"/> contains <paramref name="fact"/> after <see cref="Normalize"/> (a leading hedge of the fact is optional).</summary>
    public static bool ContainsFact(string answer, string fact)
    {
        var a = Normalize(answer);
        var trimmed = fact.Trim();
        foreach (var hedge in Hedges)
        {
            if (trimmed.StartsWith(hedge, StringComparison.OrdinalIgnoreCase)) trimmed = trimmed[hedge.Length..];
        }

        var f = Normalize(trimmed);
        if (f.Length == 0) return false;
        // A number must not be part of a longer one: "14 GB" is not in "714 GB", "7억" is not in "17억".
        for (var at = a.IndexOf(f, StringComparison.Ordinal); at >= 0; at = a.IndexOf(f, at + 1, StringComparison.Ordinal))
        {
            var before = at == 0 || !(char.IsAsciiDigit(f[0]) && char.IsAsciiDigit(a[at - 1]));
            var end = at + f.Length;
            var after = end == a.Length || !(char.IsAsciiDigit(f[^1]) && char.IsAsciiDigit(a[end]));
            if (before && after) return true;
        }

        return false;
    }

    /// <summary>Share of <paramref name="facts"/> that <paramref name="answer"/> contains; null when there are none.</summary>
    public static double? KeyFactScore(string answer, IReadOnlyList<string> facts) =>
        facts.Count == 0 ? null : (double)facts.Count(f => ContainsFact(answer, f)) / facts.Count;

    /// <summary>
    /// SQuAD-style token F1 on TextAnalyzer terms (lower-cased words; Hangul as bigrams), counting repeated tokens
    /// with multiplicity: precision = common / answer tokens, recall = common / reference tokens. Citation markers are ignored.
    /// </summary>
    public static double TokenF1(string answer, string reference)
    {
        var a = Tokens(answer);
        var r = Tokens(reference);
        if (a.Count == 0 || r.Count == 0) return a.Count == r.Count ? 1 : 0;
        var counts = r.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var common = 0;
        foreach (var t in a)
        {
            if (counts.TryGetValue(t, out var c) && c > 0)
            {
                counts[t] = c - 1;
                common++;
            }
        }

        if (common == 0) return 0;
        var precision = (double)common / a.Count;
        var recall = (double)common / r.Count;
        return 2 * precision * recall / (precision + recall);
    }

    public static List<string> Tokens(string text) =>
        TextAnalyzer.Terms(Citation().Replace(text.Normalize(NormalizationForm.FormKC), " ")).ToList();

    [GeneratedRegex(@"\[\d{1,9}\]")]
    private static partial Regex Citation();
}
