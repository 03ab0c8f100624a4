using Assistant.Core.Storage;

namespace Assistant.Core.Conversations;

/// <summary>
/// How much of the index is Korean (Hangul), by chunks: each document counts with its chunk count and is Korean when
/// the text of its first chunk is mostly Hangul. Measured from a sample of documents and cached until the store's
/// document or chunk count changes, so a question costs one stats query once it is known.
/// </summary>
public sealed class IndexLanguageMeter(IKnowledgeStore store)
{
    // Enough documents for a share to within a few percent; a huge index is sampled evenly.
    private const int MaxSampledDocuments = 200;
    private readonly Lock _gate = new();
    private (int Documents, int Chunks, double? Share)? _cached;

    /// <summary>Share of chunks in Hangul documents, 0 to 1; null for an empty index.</summary>
    public async Task<double?> HangulShareAsync(CancellationToken cancellationToken)
    {
        var stats = await store.GetStatsAsync(cancellationToken);
        lock (_gate)
        {
            if (_cached is { } c && c.Documents == stats.Documents && c.Chunks == stats.Chunks) return c.Share;
        }

        var documents = await store.ListDocumentsAsync(cancellationToken);
        var step = Math.Max(1, documents.Count / MaxSampledDocuments);
        long korean = 0, total = 0;
        for (var i = 0; i < documents.Count; i += step)
        {
            var document = documents[i];
            var chunks = await store.GetChunksAsync(document.Id, cancellationToken);
            if (chunks.Count == 0) continue;
            total += chunks.Count;
            if (IsMostlyHangul(chunks[0].Text)) korean += chunks.Count;
        }

        double? share = total == 0 ? null : (double)korean / total;
        lock (_gate) _cached = (stats.Documents, stats.Chunks, share);
        return share;
    }

    /// <summary>Hangul letters are at least a third of the letters: Korean prose keeps English terms and code beside it.</summary>
    public static bool IsMostlyHangul(string text)
    {
        int hangul = 0, letters = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c)) continue;
            letters++;
            if (c is >= '\uAC00' and <= '\uD7A3' or >= '\u1100' and <= '\u11FF' or >= '\u3130' and <= '\u318F') hangul++;
        }

        return letters > 0 && hangul * 3 >= letters;
    }
}
