using System.Text.RegularExpressions;
using L = Assistant.Plugins.Sentiment.SentimentLexicon;

namespace Assistant.Plugins.Sentiment;

/// <summary>
/// The offline analyser: word lists plus a few rules. The text is cut into clauses (sentence ends, commas, "and",
/// Korean "-고", and contrast markers); inside a clause a negator flips and damps the next opinion word ("not bad" is
/// mildly positive), an intensifier scales it, and English "too" turns what follows into a complaint ("too high").
/// Opposite opinions across a contrast ("but", "하지만", "-지만", "-는데"), or two of similar weight, make it mixed.
/// </summary>
internal static partial class LexiconSentimentAnalyzer
{
    private const double NegationFactor = -0.6;
    private const double NeutralBand = 0.1;

    public static SentimentResult Analyze(string text, string language)
    {
        var korean = language == "ko";
        var clauses = SplitClauses(text, korean);
        var hits = new List<(string Phrase, double Value)>();
        var aspects = new List<AspectSentiment>();
        var contrast = false;
        foreach (var clause in clauses)
        {
            contrast |= clause.AfterContrast;
            var clauseHits = korean ? ScoreKorean(clause.Tokens) : ScoreEnglish(clause.Tokens);
            hits.AddRange(clauseHits);
            var sum = clauseHits.Sum(h => h.Value);
            foreach (var aspect in FindAspects(clause.Tokens, korean))
            {
                if (clauseHits.Count > 0 && aspects.All(a => a.Aspect != aspect)) aspects.Add(new AspectSentiment(aspect, LabelOf(Squash(sum)), Round(Squash(sum))));
            }
        }

        var positive = hits.Where(h => h.Value > 0).Sum(h => h.Value);
        var negative = -hits.Where(h => h.Value < 0).Sum(h => h.Value);
        var score = Squash(positive - negative);
        var both = positive > 0 && negative > 0;
        var mixed = both && (contrast || Math.Min(positive, negative) / Math.Max(positive, negative) >= 0.5);
        var label = mixed ? "mixed" : LabelOf(score);
        // A heuristic, stated as such: more opinion words and a clearer margin make it surer; no opinion words at all
        // is a fairly safe "neutral"; mixed texts are the least certain.
        var confidence = hits.Count == 0 ? 0.6
            : Math.Min(0.95, 0.45 + 0.1 * Math.Min(hits.Count, 4) + 0.2 * Math.Abs(positive - negative) / (positive + negative)) - (mixed ? 0.15 : 0);
        return new SentimentResult
        {
            Label = label,
            Score = Round(score),
            Confidence = Round(Math.Clamp(confidence, 0, 1)),
            Phrases = hits.Select(h => h.Phrase).Distinct().ToList(),
            Aspects = aspects,
            Language = language,
            Mode = SentimentResult.LexiconMode,
        };
    }

    private static string LabelOf(double score) => score > NeutralBand ? "positive" : score < -NeutralBand ? "negative" : "neutral";

    private static double Squash(double sum) => Math.Tanh(sum / 2);

    private static double Round(double value) => Math.Round(value, 2);

    private sealed record Clause(IReadOnlyList<string> Tokens, bool AfterContrast);

    private static List<Clause> SplitClauses(string text, bool korean)
    {
        var clauses = new List<Clause>();
        foreach (Match sentence in SentenceRegex().Matches(text.Replace('’', '\'')))
        {
            var current = new List<string>();
            var afterContrast = false;
            void Close(bool nextAfterContrast)
            {
                if (current.Count > 0) clauses.Add(new Clause(current, afterContrast));
                current = [];
                afterContrast = nextAfterContrast;
            }

            foreach (Match m in TokenRegex().Matches(sentence.Value))
            {
                var token = korean ? m.Value : m.Value.ToLowerInvariant();
                if (token == ",") { Close(afterContrast && current.Count == 0); continue; }
                if (L.EnglishContrasts.Contains(token) || L.KoreanContrasts.Contains(token)) { Close(true); continue; }
                if (token == "and") { Close(false); continue; }
                current.Add(token);
                // Korean clause endings: "-지만"/"-는데" contrast the next clause, "-고" only joins it.
                if (korean && token.Length >= 2 && (token.EndsWith("지만", StringComparison.Ordinal) || token.EndsWith('데'))) Close(true);
                else if (korean && token.Length >= 2 && token.EndsWith('고')) Close(false);
            }

            Close(false);
        }

        return clauses;
    }

    private static List<(string Phrase, double Value)> ScoreEnglish(IReadOnlyList<string> tokens)
    {
        var hits = new List<(string Phrase, double Value)>();
        var joined = " " + string.Join(' ', tokens) + " ";
        foreach (var (phrase, value) in L.EnglishPhrases)
        {
            if (joined.Contains(" " + phrase + " ", StringComparison.Ordinal)) hits.Add((phrase, value));
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            var word = tokens[i];
            if (tokens[i] == "too" && i + 1 < tokens.Count)
            {
                // "too expensive" is a stronger complaint; "too high", "too fast" are complaints whatever the word.
                var next = tokens[i + 1];
                var weight = L.English.TryGetValue(next, out var v) && v < 0 ? v * 1.5 : -1;
                hits.Add(($"too {next}", weight));
                i++;
                continue;
            }

            if (!L.English.TryGetValue(word, out var value)) continue;
            var phrase = word;
            for (var back = i - 1; back >= Math.Max(0, i - 3); back--)
            {
                var before = tokens[back];
                if (L.EnglishIntensifiers.TryGetValue(before, out var scale)) { value *= scale; phrase = before + " " + phrase; }
                else if (L.EnglishNegators.Contains(before) || before.EndsWith("n't", StringComparison.Ordinal))
                {
                    value *= NegationFactor;
                    phrase = string.Join(' ', tokens.Skip(back).Take(i - back + 1));
                    break;
                }
            }

            hits.Add((phrase, value));
        }

        return hits;
    }

    private static List<(string Phrase, double Value)> ScoreKorean(IReadOnlyList<string> tokens)
    {
        var hits = new List<(string Phrase, double Value)>();
        var joined = string.Join(' ', tokens);
        foreach (var (phrase, value) in L.KoreanPhrases)
        {
            if (joined.Contains(phrase, StringComparison.Ordinal)) hits.Add((phrase, value));
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            var word = tokens[i];
            var stem = L.Korean.Keys.Where(k => word.StartsWith(k, StringComparison.Ordinal)).MaxBy(k => k.Length);
            if (stem is null) continue;
            // "별로" alone is a complaint ("별로예요"); before a negated predicate it only strengthens the negation ("별로 안 좋아요").
            if (stem == "별로" && tokens.Skip(i + 1).Any(t => L.KoreanNegators.Contains(t) || t.StartsWith('않') || t.Contains("지않", StringComparison.Ordinal))) continue;
            var value = L.Korean[stem];
            var phrase = word;
            var negated = false;
            for (var back = i - 1; back >= Math.Max(0, i - 2); back--)
            {
                var before = tokens[back];
                if (L.KoreanNegators.Contains(before)) { negated = true; phrase = string.Join(' ', tokens.Skip(back).Take(i - back + 1)); }
                else if (L.KoreanIntensifiers.TryGetValue(before, out var scale)) { value *= scale; if (!negated) phrase = before + " " + phrase; }
            }

            // "-지 않다" / "-지 못하다" after the predicate ("좋지 않아요", "나쁘지 않네요"), spaced or not.
            if (word.Contains("지않", StringComparison.Ordinal) || word.Contains("지못", StringComparison.Ordinal)) negated = true;
            else if (word.EndsWith('지') && i + 1 < tokens.Count && (tokens[i + 1].StartsWith('않') || tokens[i + 1].StartsWith('못')))
            {
                negated = true;
                phrase = word + " " + tokens[i + 1];
            }

            if (negated) value *= NegationFactor;
            hits.Add((phrase, value));
        }

        return hits;
    }

    private static IEnumerable<string> FindAspects(IReadOnlyList<string> tokens, bool korean) =>
        korean
            ? tokens.Select(t => L.KoreanAspects.Where(a => t.StartsWith(a, StringComparison.Ordinal)).MaxBy(a => a.Length)).OfType<string>()
            : tokens.Where(L.EnglishAspects.Contains);

    [GeneratedRegex(@"[^.!?。\n;]+")]
    private static partial Regex SentenceRegex();

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:'[\p{L}]+)?|,")]
    private static partial Regex TokenRegex();
}
