using System.ComponentModel.DataAnnotations;

namespace Assistant.Core.Ingestion;

public sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>Files larger than this are refused (they are usually exports or logs, not documents).</summary>
    [Range(1, 4096)]
    public int MaxFileSizeMegabytes { get; set; } = 50;

    /// <summary>Estimated shingle similarity at or above which a new document counts as a near-duplicate of an indexed one.</summary>
    [Range(0.5, 1.0)]
    public double NearDuplicateThreshold { get; set; } = 0.6;

    /// <summary>A file whose text, after mojibake repair, still has more than this share of garbage characters is refused.</summary>
    [Range(0.0, 1.0)]
    public double MaxGarbageShare { get; set; } = 0.05;

    /// <summary>
    /// Longest a single file may take to extract, normalise and chunk; past it the file fails with this reason and
    /// the batch goes on (a pathological file should cost one file, not the whole run).
    /// </summary>
    [Range(1, 86_400)]
    public int MaxSecondsPerFile { get; set; } = 120;

    /// <summary>
    /// Most paragraphs, headings and list items one file may have. 20 MB of ordinary prose is ~40,000; past this a
    /// file is refused (memory grows with the count, not only the size).
    /// </summary>
    [Range(1_000, 10_000_000)]
    public int MaxBlocksPerFile { get; set; } = 250_000;

    /// <summary>Most a .docx package may inflate to (all its parts together); a zip bomb is refused before it is inflated.</summary>
    [Range(1, 4096)]
    public int MaxDecompressedMegabytes { get; set; } = 200;

    /// <summary>Highest inflated-to-compressed size ratio accepted for a .docx; Word's own files stay far below it.</summary>
    [Range(2, 100_000)]
    public double MaxCompressionRatio { get; set; } = 100;

    /// <summary>Deepest element nesting accepted in a document (Word's content controls, HTML elements).</summary>
    [Range(16, 10_000)]
    public int MaxNestingDepth { get; set; } = 256;

    /// <summary>
    /// Follow symbolic links inside a given folder that lead outside it. Off by default: pointing the assistant at a
    /// folder should index that folder, not whatever a link in it reaches (a home directory, /etc, another team's share).
    /// </summary>
    public bool FollowLinksOutsideRoot { get; set; }

    /// <summary>Chunks sent to the embedding model per request.</summary>
    [Range(1, 2048)]
    public int EmbeddingBatchSize { get; set; } = 64;

    public long MaxFileBytes => MaxFileSizeMegabytes * 1024L * 1024L;
}
