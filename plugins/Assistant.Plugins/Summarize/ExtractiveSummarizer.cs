using Assistant.Core.Ingestion.Chunking;
using Assistant.Core.Text;

namespace Assistant.Plugins.Summarize;

/// <summary>
/// Offline summary: TextRank over sentences, with similarity counted on the terms search uses (<see cref="TextAnalyzer"/>,
/// stop words dropped, Korean particles stripped), so it works the same for Korean and English. The chosen sentences
/// stay in source order and in the source's language; each cites the part it sits in.
/// </summary>
internal static class ExtractiveSummarizer
{
    private const double Damping = 0.85;
    private const int Iterations = 30;

    public static IReadOnlyList<SummaryPoint> Summarize(IReadOnlyList<SummaryPart> parts, SummarySpec spec, int maxSentences)
    {
        var sentences = new List<(string Text, int Part)>();
        foreach (var part in parts)
        {
            foreach (var s in SentenceSplitter.Split(Prose(part.Text)))
            {
                if (sentences.Count >= maxSentences) break;
                sentences.Add((s.ReplaceLineEndings(" "), part.N));
            }
        }

        if (sentences.Count == 0)
        {
            // A source with no prose at all (a table, a code file): rank its lines rather than return nothing.
            foreach (var part in parts)
            {
                foreach (var s in SentenceSplitter.Split(part.Text).Take(maxSentences - sentences.Count)) sentences.Add((s.ReplaceLineEndings(" "), part.N));
            }
        }

        if (sentences.Count == 0) return [];
        var terms = sentences.Select(s => TextAnalyzer.Terms(s.Text, dropStopWords: true).ToHashSet(StringComparer.Ordinal)).ToList();
        var scores = Rank(terms);

        // Best first until the word budget is spent (at least one sentence; TL;DR keeps to the best one or two).
        var budget = spec.Style == SummarySpec.Tldr ? Math.Min(spec.Words, 40) : spec.Words;
        var chosen = new List<int>();
        var words = 0;
        foreach (var i in Enumerable.Range(0, sentences.Count).OrderByDescending(i => scores[i]).ThenBy(i => i))
        {
            var count = WordCount(sentences[i].Text);
            if (chosen.Count > 0 && words + count > budget) continue;
            chosen.Add(i);
            words += count;
            if (words >= budget) break;
        }

        return [.. chosen.Order().Select(i => new SummaryPoint(sentences[i].Text, [sentences[i].Part]))];
    }

    /// <summary>
    /// The prose of a Markdown or plain-text part: fenced code, table rows and heading lines are left out, because a
    /// table joined into one "sentence" shares terms with everything and would win the ranking while saying nothing
    /// readable (found summarising this project's README).
    /// </summary>
    internal static string Prose(string text)
    {
        var kept = new System.Text.StringBuilder(text.Length);
        var inFence = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimStart();
            if (line.StartsWith("```", StringComparison.Ordinal) || line.StartsWith("~~~", StringComparison.Ordinal))
            {
                inFence = !inFence;
                kept.Append('\n');
                continue;
            }

            var isTable = line.StartsWith('|') || line.Count(c => c == '|') >= 3;
            var isHeading = line.StartsWith('#');
            // Keep the line break so a left-out line still ends the sentence before it.
            kept.Append(inFence || isTable || isHeading ? "" : raw).Append('\n');
        }

        return kept.ToString();
    }

    /// <summary>PageRank on the sentence graph, edges weighted by shared terms normalised by sentence lengths (Mihalcea and Tarau, 2004).</summary>
    private static double[] Rank(List<HashSet<string>> terms)
    {
        var n = terms.Count;
        var weights = new double[n][];
        var outSum = new double[n];
        for (var i = 0; i < n; i++) weights[i] = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (terms[i].Count == 0 || terms[j].Count == 0) continue;
                var shared = terms[i].Count <= terms[j].Count ? terms[i].Count(terms[j].Contains) : terms[j].Count(terms[i].Contains);
                if (shared == 0) continue;
                var w = shared / (Math.Log(terms[i].Count + 1) + Math.Log(terms[j].Count + 1));
                weights[i][j] = weights[j][i] = w;
                outSum[i] += w;
                outSum[j] += w;
            }
        }

        var score = Enumerable.Repeat(1.0, n).ToArray();
        var next = new double[n];
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            for (var i = 0; i < n; i++)
            {
                double sum = 0;
                for (var j = 0; j < n; j++)
                {
                    if (weights[j][i] > 0) sum += weights[j][i] / outSum[j] * score[j];
                }

                next[i] = 1 - Damping + Damping * sum;
            }

            (score, next) = (next, score);
        }

        return score;
    }

    private static int WordCount(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}
