using Assistant.Core.Documents;

namespace Assistant.Core.Ingestion.Extraction;

/// <summary>Turns one file's bytes into structured text. One implementation per format family.</summary>
public interface IDocumentExtractor
{
    /// <summary>Lower-case extensions with the dot, e.g. ".md".</summary>
    IReadOnlyCollection<string> Extensions { get; }

    /// <summary>
    /// Extracts <paramref name="content"/>, the bytes of the file at <paramref name="path"/> as the pipeline read them
    /// (bounded by the size limit): extractors never read the file again, so what is checked is what is parsed.
    /// </summary>
    /// <exception cref="DocumentRejectedException">The file cannot be read as this format; the message says why.</exception>
    Task<ExtractedDocument> ExtractAsync(string path, byte[] content, CancellationToken cancellationToken);
}

public static class DocumentExtractorExtensions
{
    /// <summary>Reads the file and extracts it: for callers outside the pipeline, which has read the bytes already.</summary>
    public static async Task<ExtractedDocument> ExtractAsync(this IDocumentExtractor extractor, string path, CancellationToken cancellationToken) =>
        await extractor.ExtractAsync(path, await File.ReadAllBytesAsync(path, cancellationToken), cancellationToken);
}

/// <summary>
/// A document that cannot be indexed, with a reason a person can act on. Ingestion reports it with the path
/// and carries on with the rest of the batch.
/// </summary>
public sealed class DocumentRejectedException(string reason, Exception? inner = null) : Exception(reason, inner)
{
    public string Reason => Message;
}
