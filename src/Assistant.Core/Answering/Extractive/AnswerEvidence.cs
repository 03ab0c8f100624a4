namespace Assistant.Core.Answering.Extractive;

/// <summary>
/// Why the extractive answerer quotes a sentence or says the documents don't say: the evidence for its best candidate
/// sentence, and the confidence computed from it. Every part is a share in [0, 1] (fit is −1, 0 or +1), so the weights
/// in <see cref="ExtractiveOptions"/> read as "how much this kind of evidence counts".
/// </summary>
/// <param name="SentenceCoverage">Share of the question's term weight in the sentence (its heading's terms count half).</param>
/// <param name="PassageCoverage">
/// Share of the question's term weight in the sentence's passage: BM25 with each term's frequency saturated at one
/// occurrence, normalised by the question's maximum (every term present), so it is comparable across questions.
/// </param>
/// <param name="Margin">How far the quoted passage's coverage stands above the best other passage's (rank-1 margin; negative when another covers more).</param>
/// <param name="AnswerFit">+1 when the sentence has the kind of answer asked for, −1 when it lacks it, 0 when any statement fits.</param>
/// <param name="UnknownName">Whether the question names something no indexed document mentions (<see cref="QuestionNames"/>).</param>
/// <param name="DenseSimilarity">Cosine similarity of the question and the sentence embeddings; null without an embedding model.</param>
public sealed record AnswerEvidence(
    AnswerKind Kind,
    double SentenceCoverage,
    double PassageCoverage,
    double Margin,
    int AnswerFit,
    bool UnknownName,
    double? DenseSimilarity)
{
    public double Confidence(ExtractiveOptions options) =>
        options.SentenceCoverageWeight * SentenceCoverage
        + options.PassageCoverageWeight * PassageCoverage
        + options.MarginWeight * Margin
        + options.AnswerTypeWeight * AnswerFit
        - (UnknownName ? options.UnknownNamePenalty : 0)
        + options.DenseSimilarityWeight * (DenseSimilarity ?? 0);

    public override string ToString() =>
        $"kind={Kind} sentence={SentenceCoverage:0.00} passage={PassageCoverage:0.00} margin={Margin:0.00} fit={AnswerFit} unknownName={UnknownName}"
        + (DenseSimilarity is { } d ? $" dense={d:0.00}" : string.Empty);
}
