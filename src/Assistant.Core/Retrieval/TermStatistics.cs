namespace Assistant.Core.Retrieval;

/// <summary>
/// How many chunks contain each of some analysed terms (<see cref="Text.TextAnalyzer"/>), out of all chunks: what
/// makes "METEOR" or "녹음" count for more than "Nimbus" when judging whether a passage answers a question.
/// </summary>
public sealed record TermStatistics(int Chunks, IReadOnlyDictionary<string, int> ChunksWithTerm)
{
    /// <summary>BM25's inverse document frequency; a term no chunk contains gets the highest weight there is.</summary>
    public double Idf(string term)
    {
        var df = ChunksWithTerm.TryGetValue(term, out var n) ? n : 0;
        return Math.Log(1 + (Chunks - df + 0.5) / (df + 0.5));
    }
}

/// <summary>Implemented by stores that can count term occurrences cheaply (the embedded store's FTS5 vocabulary).</summary>
public interface ITermStatisticsSource
{
    Task<TermStatistics> GetTermStatisticsAsync(IReadOnlyCollection<string> terms, CancellationToken cancellationToken);
}
