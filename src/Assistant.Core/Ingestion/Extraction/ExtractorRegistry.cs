namespace Assistant.Core.Ingestion.Extraction;

/// <summary>Picks the extractor for a file by its extension.</summary>
public sealed class ExtractorRegistry
{
    private readonly Dictionary<string, IDocumentExtractor> _byExtension = new(StringComparer.OrdinalIgnoreCase);

    public ExtractorRegistry(IEnumerable<IDocumentExtractor> extractors)
    {
        foreach (var extractor in extractors)
        {
            foreach (var ext in extractor.Extensions) _byExtension[ext] = extractor;
        }
    }

    public IReadOnlyCollection<string> SupportedExtensions => _byExtension.Keys;

    public IDocumentExtractor? Find(string path) => _byExtension.GetValueOrDefault(Path.GetExtension(path));
}
