using Assistant.Core.Documents;

namespace Assistant.Core.Ingestion.Extraction;

/// <summary>Turns one file's bytes into structured text. One implementation per format family.</summary>
public interface IDocumentExtractor
{
    /// <summary>Lower-case extensions with the dot, e.g. ".md".</summary>
    IReadOnlyCollection<string> Extensions { get; }

    /// <exception cref="DocumentRejectedException">The file cannot be read as this format; the message says why.</exception>
    Task<ExtractedDocument> ExtractAsync(string path, CancellationToken cancellationToken);
}

/// <summary>
/// A document that cannot be indexed, with a reason a person can act on. Ingestion reports it with the path
/// and carries on with the rest of the batch.
/// </summary>
public sealed class DocumentRejectedException(string reason, Exception? inner = null) : Exception(reason, inner)
{
    public string Reason => Message;
}
