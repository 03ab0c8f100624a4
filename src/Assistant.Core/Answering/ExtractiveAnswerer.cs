using System.Numerics.Tensors;
using System.Text;
using System.Text.RegularExpressions;
using Assistant.Core.Answering.Extractive;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage;
using Assistant.Core.Text;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Answering;

/// <summary>
/// Answers without a language model: quotes the sentences of the top passages that best answer the question and cites
/// each. It says the documents don't say unless the evidence for its best sentence (<see cref="AnswerEvidence"/>: term
/// coverage of the sentence and of its passage, the rank-1 margin, whether the sentence has the kind of answer asked for,
/// a name in the question that no document mentions, and the dense similarity when an embedding model is configured) adds up to
/// <see cref="ExtractiveOptions.MinConfidence"/>.
/// </summary>
public sealed partial class ExtractiveAnswerer(
    IKnowledgeStore? store = null,
    ExtractiveOptions? options = null,
    IEmbeddingGenerator<string, Embedding<float>>? embedder = null)
{
    private readonly ExtractiveOptions _options = options ?? new ExtractiveOptions();

    private const int MaxSentenceChars = 400;

    /// <summary>Retrieves term statistics from the store (when it has them) and answers.</summary>
    public async Task<AnswerResult> AnswerAsync(string question, IReadOnlyList<SearchHit> hits, CancellationToken cancellationToken) =>
        (await AnswerWithEvidenceAsync(question, hits, cancellationToken)).Result;

    /// <summary>The answer and the evidence it was decided on (null when there was nothing to weigh).</summary>
    internal async Task<(AnswerResult Result, AnswerEvidence? Evidence)> AnswerWithEvidenceAsync(string question, IReadOnlyList<SearchHit> hits, CancellationToken cancellationToken)
    {
        TermStatistics? statistics = null;
        if (store is ITermStatisticsSource source && hits.Count > 0)
        {
            statistics = await source.GetTermStatisticsAsync(TextAnalyzer.QueryTerms(question).ToList(), cancellationToken);
        }

        var analysis = Analyse(question, hits, statistics);
        double? dense = null;
        // Only when it counts: an embedding call per answer is not free, and a weight of 0 ignores it.
        if (embedder is not null && _options.DenseSimilarityWeight > 0 && analysis.Candidates.Count > 0)
        {
            var vectors = await embedder.GenerateAsync([question, analysis.Candidates[0].Sentence], cancellationToken: cancellationToken);
            dense = TensorPrimitives.CosineSimilarity(vectors[0].Vector.Span, vectors[1].Vector.Span);
        }

        return Compose(question, hits, analysis, dense);
    }

    public static string NotFoundMessage(string question) => TextAnalyzer.ContainsHangul(question)
        ? "문서에서 이 질문에 대한 답을 찾지 못했습니다."
        : "The documents don't say: nothing in the index answers this question.";

    /// <summary>Answers from <paramref name="hits"/> alone (no dense similarity); <paramref name="statistics"/> weights the terms.</summary>
    public AnswerResult Answer(string question, IReadOnlyList<SearchHit> hits, TermStatistics? statistics = null) =>
        Compose(question, hits, Analyse(question, hits, statistics), null).Result;

    private sealed record Candidate(string Sentence, int N, double Score, double SentenceCoverage, double PassageCoverage, int Fit);

    private sealed record Analysis(AnswerKind Kind, IReadOnlyList<Candidate> Candidates, double Margin, bool UnknownName);

    private Analysis Analyse(string question, IReadOnlyList<SearchHit> hits, TermStatistics? statistics)
    {
        var kind = QuestionKind.Of(question);
        var terms = QuestionTerms.Create(question, hits, statistics, SupportSynonyms.Default);
        if (terms.Count == 0 || hits.Count == 0 || terms.TotalWeight <= 0) return new Analysis(kind, [], 0, false);

        var coverages = new List<double>();
        var candidates = new List<Candidate>();
        foreach (var hit in hits)
        {
            var passage = terms.View(hit.Section + "\n" + hit.Text);
            var passageMatched = terms.Matched(passage);
            var passageCoverage = terms.WeightOf(passageMatched) / terms.TotalWeight;
            coverages.Add(passageCoverage);

            var sectionTerms = terms.Matched(terms.View(hit.Section));
            var rankWeight = 1.0 / (1 + 0.15 * (hit.Rank - 1));
            var sentences = PassageSentences.Of(hit);
            for (var i = 0; i < sentences.Count; i++)
            {
                var own = terms.Matched(terms.View(sentences[i]));
                if (own.Count == 0) continue;
                // The heading a sentence sits under counts for half: under "Refund policy", "Annual plans can be refunded within 30 days" answers a refund question.
                var coverage = (terms.WeightOf(own) + 0.5 * terms.WeightOf(sectionTerms.Except(own))) / terms.TotalWeight;
                var fit = kind is AnswerKind.Quantity or AnswerKind.Name ? (QuestionKind.Fits(kind, sentences[i]) ? 1 : -1) : 0;
                // "How long…", "며칠…" are answered by a sentence with a number in it, not by one that repeats the question's words.
                var kindFactor = fit switch { > 0 => kind == AnswerKind.Quantity ? 1.6 : 1.3, < 0 => kind == AnswerKind.Quantity ? 0.6 : 0.8, _ => 1.0 };
                var score = coverage * rankWeight * kindFactor * (i == 0 ? 1.1 : 1.0);
                candidates.Add(new Candidate(sentences[i], hit.Rank, score, Math.Min(1, coverage), passageCoverage, fit));
            }
        }

        var ordered = candidates.OrderByDescending(c => c.Score).DistinctBy(c => c.Sentence).ToList();
        // The rank-1 margin of the quoted passage: how far it stands above the best other passage (below it: negative).
        var margin = 0.0;
        if (ordered.Count > 0)
        {
            var quoted = ordered[0].N;
            var others = hits.Select((h, i) => (h.Rank, Coverage: coverages[i])).Where(x => x.Rank != quoted).Select(x => x.Coverage).DefaultIfEmpty(0).Max();
            margin = ordered[0].PassageCoverage - others;
        }

        var unknownName = QuestionNames.Unknown(question, hits, statistics).Count > 0;
        return new Analysis(kind, ordered, margin, unknownName);
    }

    private (AnswerResult Result, AnswerEvidence? Evidence) Compose(string question, IReadOnlyList<SearchHit> hits, Analysis analysis, double? dense)
    {
        var citations = hits.Select(h => new Citation(h.Rank, h)).ToList();
        if (analysis.Candidates.Count == 0)
        {
            return (new AnswerResult(NotFoundMessage(question), AnswerResult.ExtractiveMode, false, citations), null);
        }

        var best = analysis.Candidates[0];
        var evidence = new AnswerEvidence(analysis.Kind, best.SentenceCoverage, best.PassageCoverage, analysis.Margin, best.Fit, analysis.UnknownName, dense);
        if (evidence.Confidence(_options) < _options.MinConfidence)
        {
            return (new AnswerResult(NotFoundMessage(question), AnswerResult.ExtractiveMode, false, citations), evidence);
        }

        var chosen = analysis.Candidates
            .Take(_options.MaxSentences)
            .Where((c, i) => i == 0 || c.Score >= best.Score * _options.FollowingSentenceShare)
            .ToList();

        var answer = new StringBuilder();
        foreach (var candidate in chosen)
        {
            if (answer.Length > 0) answer.Append(' ');
            answer.Append(Trim(WithoutCitationMarkers(candidate.Sentence))).Append(" [").Append(candidate.N).Append(']');
        }

        return (new AnswerResult(answer.ToString(), AnswerResult.ExtractiveMode, true, citations), evidence);
    }

    /// <summary>Whether the question asks for a number, duration, amount or date.</summary>
    internal static bool AsksForQuantity(string question) => QuestionKind.Of(question) == AnswerKind.Quantity;

    /// <summary>Share of the question's terms (IDF-weighted when <paramref name="statistics"/> is given) that <paramref name="text"/> contains.</summary>
    internal static double Coverage(IReadOnlySet<string> terms, string text, TermStatistics? statistics)
    {
        var textTerms = TextAnalyzer.Terms(text).ToHashSet(StringComparer.Ordinal);
        var counted = terms.Where(t => !(t.Length == 1 && TextAnalyzer.ContainsHangul(t))).ToList();
        if (counted.Count == 0) counted = [.. terms];
        double Weight(string t) => statistics?.Idf(t) ?? 1.0;
        return counted.Where(t => textTerms.Contains(t) || QuestionTerms.SameKoreanStem(t, textTerms)).Sum(Weight) / counted.Sum(Weight);
    }

    private static string Trim(string sentence) =>
        sentence.Length <= MaxSentenceChars ? sentence : sentence[..MaxSentenceChars].TrimEnd() + "…";

    /// <summary>
    /// In an answer "[n]" means "our source n", and the CLI and JSON readers map it to <see cref="AnswerResult.Sources"/>.
    /// A quoted sentence keeps its words but loses its own bracketed numbers — footnote markers ("within 30 days[3].")
    /// or a forged "[7]" — so none of them reads as one of our citations. Inside a `code span` only an index that
    /// follows a name stays ("`items[1]`"); a bare "`[7]`" goes too.
    /// </summary>
    internal static string WithoutCitationMarkers(string sentence) =>
        BracketedNumberOrCode().Replace(sentence, m => m.Value[0] == '`' ? BareBracketedNumber().Replace(m.Value, string.Empty) : string.Empty);

    [GeneratedRegex(@"`[^`\n]*`|\s?\[\d+\]")]
    private static partial Regex BracketedNumberOrCode();

    [GeneratedRegex(@"(?<![\w\])])\[\d+\]")]
    private static partial Regex BareBracketedNumber();
}
