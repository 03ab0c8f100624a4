using System.Globalization;
using System.Text.RegularExpressions;
using Assistant.Core.Ingestion.Chunking;

namespace Assistant.Core.Answering;

/// <summary>A stretch of answer text and the passages cited for it ("Refunds take 30 days [1][2]" → "Refunds take 30 days", [1, 2]).</summary>
internal sealed record CitedClaim(string Text, IReadOnlyList<int> Citations);

/// <summary>
/// Reads the citation markers of an answer: which markers there are, and which words each one vouches for. A marker
/// vouches for the text between it and the previous marker group of its sentence (or the sentence start), so in
/// "Plus costs 7,900 won [1] and Team 12,000 won [2]." each price is checked against its own passage; text after a
/// sentence's last marker belongs to that marker; a marker group opening a sentence ("… 30 days. [1]") belongs to
/// the sentence before. Sentences without a marker are not claims anyone cited, and are not checked.
/// </summary>
internal static partial class CitationClaims
{
    /// <summary>"[n]", but not an index such as <c>items[1]</c> (a word character right before it).</summary>
    [GeneratedRegex(@"(?<![\w`])\[(\d{1,9})\]")]
    public static partial Regex Marker();

    [GeneratedRegex(@"(?:\s*(?<![\w`])\[\d{1,9}\])+")]
    private static partial Regex MarkerGroup();

    [GeneratedRegex(@"\d+(?:[.,]\d+)*")]
    private static partial Regex NumberToken();

    public static IReadOnlyList<CitedClaim> Read(string answer)
    {
        var claims = new List<(string Text, List<int> Ns)>();
        foreach (var line in answer.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string? previousSentence = null;
            var previousHadClaims = false;
            foreach (var sentence in SentenceSplitter.Split(line))
            {
                var groups = MarkerGroup().Matches(sentence);
                var position = 0;
                var first = claims.Count;
                foreach (Match group in groups)
                {
                    var ns = Marker().Matches(group.Value).Select(m => int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture)).ToList();
                    var text = sentence[position..group.Index].Trim();
                    position = group.Index + group.Length;
                    if (text.Length == 0 && group.Index == 0 && previousSentence is not null)
                    {
                        // "… within 30 days. [1]": the marker was split off the sentence it ends.
                        if (previousHadClaims) claims[^1].Ns.AddRange(ns);
                        else claims.Add((previousSentence, ns));
                        first = claims.Count;
                        continue;
                    }

                    claims.Add((text, ns));
                }

                var rest = sentence[position..].Trim();
                if (claims.Count > first && rest.Any(char.IsLetterOrDigit))
                {
                    claims[^1] = (claims[^1].Text + " " + rest, claims[^1].Ns);
                }

                previousHadClaims = claims.Count > first;
                previousSentence = sentence;
            }
        }

        return claims.Select(c => new CitedClaim(c.Text, c.Ns.Distinct().ToList())).ToList();
    }

    /// <summary>
    /// The numbers a text states, as written values: "7,900원" → 7900, "3~7일" → 3 and 7, "5–10" → 5 and 10, "0.90" → 0.9,
    /// "4.3.0" stays "4.3.0". Thousands separators go, so "1,750억" in a passage matches "1750억" in an answer.
    /// </summary>
    public static HashSet<string> Numbers(string text)
    {
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in NumberToken().Matches(Marker().Replace(text, " ")))
        {
            numbers.Add(Normalise(m.Value));
        }

        return numbers;
    }

    private static string Normalise(string token)
    {
        // A comma followed by exactly three digits groups thousands; any other comma separates a list ("3,4").
        var value = ThousandsComma().Replace(token, string.Empty);
        if (value.Contains(',', StringComparison.Ordinal)) return value;
        if (value.Count(c => c == '.') == 1 && decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
        {
            return d.ToString("0.############################", CultureInfo.InvariantCulture);
        }

        return value.TrimStart('0') is { Length: > 0 } trimmed && !value.Contains('.', StringComparison.Ordinal) ? trimmed : value;
    }

    [GeneratedRegex(@",(?=\d{3}(?!\d))")]
    private static partial Regex ThousandsComma();
}
