using System.ComponentModel.DataAnnotations;

namespace Assistant.Core.Answering.Extractive;

/// <summary>
/// The "Answering:Extractive" section of appsettings.json: when the no-model answerer quotes and when it says the
/// documents don't say. The confidence of an answer is a weighted sum of its evidence (<see cref="AnswerEvidence"/>);
/// the defaults were chosen on docs-corpus/eval/qa.jsonl and unanswerable.jsonl (see the README's figures).
/// </summary>
public sealed class ExtractiveOptions
{
    public const string SectionName = "Answering:Extractive";

    /// <summary>Confidence an answer needs; below it the answer is "the documents don't say". Higher: fewer false answers, more refusals.</summary>
    [Range(0.0, 10.0)]
    public double MinConfidence { get; set; } = 0.42;

    /// <summary>
    /// Weight of the share of the question's (IDF-weighted) terms the quoted sentence and its heading contain. 0 by default:
    /// on the tuning set it separated nothing the passage coverage did not (the sentence is chosen by it all the same).
    /// </summary>
    [Range(0.0, 10.0)]
    public double SentenceCoverageWeight { get; set; }

    /// <summary>Weight of the share of the question's terms the best passage contains (BM25-like, normalised by the question's maximum).</summary>
    [Range(0.0, 10.0)]
    public double PassageCoverageWeight { get; set; } = 1.0;

    /// <summary>Added when the sentence has the kind of answer the question asks for (a number for "how many", a name for "who"), subtracted when it lacks it.</summary>
    [Range(0.0, 10.0)]
    public double AnswerTypeWeight { get; set; } = 0.05;

    /// <summary>Weight of the rank-1 margin: how far the best passage's coverage stands above the second's.</summary>
    [Range(0.0, 10.0)]
    public double MarginWeight { get; set; } = 0.2;

    /// <summary>Subtracted when the question names something no indexed document mentions ("Apple Watch", "KLUE").</summary>
    [Range(0.0, 10.0)]
    public double UnknownNamePenalty { get; set; } = 0.5;

    /// <summary>Weight of the cosine similarity between the question and the sentence, when an embedding model is configured.</summary>
    [Range(0.0, 10.0)]
    public double DenseSimilarityWeight { get; set; } = 0.0;

    /// <summary>At most this many sentences are quoted.</summary>
    [Range(1, 10)]
    public int MaxSentences { get; set; } = 3;

    /// <summary>A further sentence is quoted only when its score is at least this share of the best one's.</summary>
    [Range(0.0, 1.0)]
    public double FollowingSentenceShare { get; set; } = 0.5;
}
