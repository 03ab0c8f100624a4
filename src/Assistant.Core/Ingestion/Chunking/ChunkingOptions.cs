using System.ComponentModel.DataAnnotations;

namespace Assistant.Core.Ingestion.Chunking;

/// <summary>Chunk sizes in tokens, counted with o200k_base (see <see cref="Text.O200kTokenCounter"/>).</summary>
public sealed class ChunkingOptions
{
    public const string SectionName = "Chunking";

    /// <summary>A chunk grows up to this many tokens, then a new one starts at the next sentence.</summary>
    [Range(32, 8192)]
    public int TargetTokens { get; set; } = 350;

    /// <summary>Tokens of trailing sentences repeated at the start of the next chunk in the same section.</summary>
    [Range(0, 1024)]
    public int OverlapTokens { get; set; } = 50;
}
