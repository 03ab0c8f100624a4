using Assistant.Core.Ingestion;
using Assistant.Core.Ingestion.Chunking;
using Assistant.Core.Ingestion.Extraction;
using Assistant.Core.Storage.Sqlite;

namespace Assistant.Tests.TestSupport;

/// <summary>
/// The real ingestion pipeline over a real SQLite file in a temp folder: documents go in through
/// <see cref="IngestAsync(string[])"/>, and <see cref="Db"/> looks at what was stored.
/// </summary>
public sealed class TestKnowledgeBase : IDisposable
{
    public TestKnowledgeBase(Action<IngestionOptions>? configure = null, ChunkingOptions? chunking = null)
    {
        Options = new IngestionOptions();
        configure?.Invoke(Options);
        Store = new SqliteKnowledgeStore(Dir.Combine("data", "assistant.db"));
        _extractors = new ExtractorRegistry(
        [
            new PlainTextExtractor(Options),
            new MarkdownExtractor(Options),
            new HtmlExtractor(Options),
            new DocxExtractor(Options),
            new PdfExtractor(Options.MaxFileBytes),
        ]);
        _chunker = new StructureAwareChunker(chunking ?? new ChunkingOptions());
        Pipeline = PipelineWith(null);
        Db = new DbInspector(Store.DatabasePath);
    }

    /// <summary>Folder for the documents and the index (the index lives in data/).</summary>
    private readonly ExtractorRegistry _extractors;
    private readonly StructureAwareChunker _chunker;

    public TempDir Dir { get; } = new();

    public IngestionOptions Options { get; }

    public SqliteKnowledgeStore Store { get; }

    public IngestionPipeline Pipeline { get; }

    public DbInspector Db { get; }

    /// <summary>A pipeline over the same store that embeds with <paramref name="embedder"/> (null: keyword-only).</summary>
    public IngestionPipeline PipelineWith(Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>? embedder) =>
        new(Store, _extractors, new DocumentNormalizer(), _chunker, Options, TimeProvider.System, embedder);

    public Task<IngestReport> IngestAsync(params string[] paths) => IngestAsync(new IngestRequest(paths));

    public Task<IngestReport> IngestAsync(IngestRequest request) => Pipeline.IngestAsync(request, null, CancellationToken.None);

    public void Dispose()
    {
        Store.Dispose();
        Dir.Dispose();
    }
}

public static class IngestReportExtensions
{
    public static IngestFileResult For(this IngestReport report, string path) =>
        report.Files.SingleOrDefault(f => f.Path == path)
        ?? throw new Xunit.Sdk.XunitException($"no result for {path}; results: {string.Join("; ", report.Files.Select(f => $"{f.Outcome} {f.Path}: {f.Reason}"))}");

    public static string Describe(this IngestReport report) =>
        string.Join("\n", report.Files.Select(f => $"{f.Outcome} {System.IO.Path.GetFileName(f.Path)} ({f.Chunks} chunks): {f.Reason}"));
}
