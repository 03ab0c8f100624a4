using System.Text.Json;
using System.Text.Json.Serialization;
using Assistant.Core.Ingestion;
using Assistant.Core.Ingestion.Chunking;
using Assistant.Core.Ingestion.Extraction;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage.Sqlite;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Assistant.Tests.Evaluation;

/// <summary>One line of docs-corpus/eval/qa.jsonl.</summary>
public sealed record EvalQuestion(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("lang")] string Lang,
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("answer")] string Answer,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("paraphrased")] bool Paraphrased);

/// <summary>One line of docs-corpus/eval/unanswerable.jsonl.</summary>
public sealed record UnanswerableQuestion(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("lang")] string Lang,
    [property: JsonPropertyName("question")] string Question);

/// <summary>Loads the eval set and builds a fresh index of docs-corpus in a temp folder.</summary>
public static class EvalSet
{
    public static IReadOnlyList<EvalQuestion> Load() =>
        File.ReadLines(Path.Combine(RepoPaths.DocsCorpus, "eval", "qa.jsonl"))
            .Where(l => l.Trim().Length > 0)
            .Select(l => JsonSerializer.Deserialize<EvalQuestion>(l)!)
            .ToList();

    /// <summary>docs-corpus/eval/unanswerable.jsonl: on-topic and off-topic questions the corpus does not answer.</summary>
    public static IReadOnlyList<UnanswerableQuestion> LoadUnanswerable() =>
        File.ReadLines(Path.Combine(RepoPaths.DocsCorpus, "eval", "unanswerable.jsonl"))
            .Where(l => l.Trim().Length > 0)
            .Select(l => JsonSerializer.Deserialize<UnanswerableQuestion>(l)!)
            .ToList();

    public static async Task<(SqliteKnowledgeStore Store, IngestReport Report)> IndexCorpusAsync(string directory, IEmbeddingGenerator<string, Embedding<float>>? embedder = null)
    {
        var store = new SqliteKnowledgeStore(Path.Combine(directory, "eval.db"));
        var pipeline = new IngestionPipeline(
            store,
            new ExtractorRegistry([new PlainTextExtractor(), new MarkdownExtractor(), new HtmlExtractor(), new DocxExtractor(), new PdfExtractor()]),
            new DocumentNormalizer(),
            new StructureAwareChunker(new ChunkingOptions()),
            new IngestionOptions(),
            TimeProvider.System,
            embedder);
        var report = await pipeline.IngestAsync(new IngestRequest([RepoPaths.DocsCorpus]), null, CancellationToken.None);
        return (store, report);
    }

    /// <summary>
    /// Whether <paramref name="hit"/> answers <paramref name="question"/>: it comes from the expected source and its text
    /// contains the expected answer.
    /// </summary>
    public static bool Answers(SearchHit hit, EvalQuestion question) =>
        hit.Source.EndsWith(question.Source, StringComparison.Ordinal)
        && CollapseWhitespace(hit.Text).Contains(CollapseWhitespace(question.Answer), StringComparison.Ordinal);

    // Chunk text keeps line breaks where answers may be phrased on one line; compare on collapsed whitespace.
    public static string CollapseWhitespace(string s) => string.Join(' ', s.Split((char[])[' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries));
}
