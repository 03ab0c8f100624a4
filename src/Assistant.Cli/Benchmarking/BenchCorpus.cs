using System.Diagnostics;
using System.Text;
using Assistant.Core.Documents;
using Assistant.Core.Ingestion.Chunking;

namespace Assistant.Cli.Benchmarking;

/// <summary>What <see cref="BenchCorpus"/> wrote.</summary>
internal sealed record BenchCorpusSummary(string Folder, int Files, int MarkdownFiles, int TextFiles, long Bytes, int Chunks, TimeSpan Elapsed);

/// <summary>
/// Writes a deterministic folder of .md and .txt work documents (<see cref="MixedProseGenerator"/>) that the real
/// chunker cuts into exactly the requested number of chunks. Each document's blocks are built alongside its text
/// — exactly what the Markdown and plain-text extractors will read back — and counted with the same
/// <see cref="StructureAwareChunker"/> the ingestion pipeline uses, so chunk size is the chunker's default
/// (or whatever Chunking:* is configured) and the total is exact.
/// </summary>
internal sealed class BenchCorpus(StructureAwareChunker chunker, ChunkingOptions chunking, MixedProseGenerator prose)
{
    private const int FilesPerFolder = 250;

    public async Task<BenchCorpusSummary> WriteAsync(string folder, int targetChunks, Action<int, int>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetChunks, 1);
        var stopwatch = Stopwatch.StartNew();
        Directory.CreateDirectory(folder);
        var random = prose.Random;
        int files = 0, markdown = 0, chunks = 0;
        long bytes = 0;

        while (chunks < targetChunks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var remaining = targetChunks - chunks;
            prose.StartDocument();
            var asMarkdown = random.NextDouble() < 0.6;
            var document = asMarkdown ? Markdown(TokenBudget(DocumentChunks(random))) : PlainText(TokenBudget(DocumentChunks(random)));
            var count = Count(document.Blocks);
            if (count > remaining)
            {
                // The last document is built section by section to land exactly on the requested total.
                asMarkdown = true;
                document = MarkdownWithExactly(remaining);
                count = remaining;
            }

            var extension = asMarkdown ? ".md" : ".txt";
            var path = Path.Combine(folder, (files / FilesPerFolder).ToString("D3"), $"doc-{files:D6}{extension}");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var encoded = Encoding.UTF8.GetBytes(document.Render(asMarkdown));
            await File.WriteAllBytesAsync(path, encoded, cancellationToken);

            files++;
            if (asMarkdown) markdown++;
            bytes += encoded.Length;
            chunks += count;
            if (files % 200 == 0) progress?.Invoke(chunks, targetChunks);
        }

        return new BenchCorpusSummary(folder, files, markdown, files - markdown, bytes, chunks, stopwatch.Elapsed);
    }

    /// <summary>Document lengths are log-normal like real folders: mostly notes of a few pages, some long manuals (median 20 chunks).</summary>
    private static int DocumentChunks(Random random)
    {
        var normal = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return (int)Math.Clamp(Math.Exp(Math.Log(20) + (0.8 * normal)), 2, 300);
    }

    // Greedy packing of paragraphs fills a chunk to ~85 % of the target on average.
    private int TokenBudget(int chunks) => (int)(chunks * chunking.TargetTokens * 0.85);

    /// <summary>Paragraph length in tokens: 38–220 at the default 350-token chunks, so a chunk holds one to several paragraphs.</summary>
    private int ParagraphTokens() => prose.Random.Next(Math.Max(8, chunking.TargetTokens / 9), Math.Max(16, (int)(chunking.TargetTokens * 0.63)));

    private GeneratedDocument PlainText(int tokenBudget)
    {
        var blocks = new List<TextBlock>();
        for (var tokens = 0; tokens < tokenBudget;)
        {
            var paragraph = prose.Paragraph(ParagraphTokens());
            blocks.Add(new TextBlock(paragraph, [], null));
            tokens += Core.Text.O200kTokenCounter.Instance.Count(paragraph);
        }

        return new GeneratedDocument(blocks);
    }

    private GeneratedDocument Markdown(int tokenBudget)
    {
        var title = prose.Title();
        var blocks = new List<TextBlock> { new(title, [title], null, BlockKind.Heading) };
        for (var tokens = 0; tokens < tokenBudget;)
        {
            var section = Section(title, prose.Random.Next(1, 7));
            blocks.AddRange(section);
            tokens += section.Sum(b => Core.Text.O200kTokenCounter.Instance.Count(b.Text));
        }

        return new GeneratedDocument(blocks);
    }

    private GeneratedDocument MarkdownWithExactly(int targetChunks)
    {
        // The chunker never lets a chunk span two sections, so a document's count is the sum of its sections' counts.
        var title = prose.Title();
        var titleBlock = new TextBlock(title, [title], null, BlockKind.Heading);
        var blocks = new List<TextBlock> { titleBlock };
        var total = 0;
        while (total < targetChunks)
        {
            var section = Section(title, prose.Random.Next(1, 7));
            List<TextBlock> Counted() => total == 0 ? [titleBlock, .. section] : section;
            var count = Count(Counted());
            while (total + count > targetChunks && section.Count > 2)
            {
                section.RemoveAt(section.Count - 1);
                count = Count(Counted());
            }

            // A heading and one paragraph of at most ~0.63 × target tokens is always exactly one chunk.
            blocks.AddRange(section);
            total += count;
        }

        return new GeneratedDocument(blocks);
    }

    private List<TextBlock> Section(string title, int paragraphs)
    {
        var heading = prose.Heading();
        string[] path = [title, heading];
        var blocks = new List<TextBlock> { new(heading, path, null, BlockKind.Heading) };
        for (var i = 0; i < paragraphs; i++) blocks.Add(new TextBlock(prose.Paragraph(ParagraphTokens()), path, null));
        return blocks;
    }

    private int Count(IReadOnlyList<TextBlock> blocks) => chunker.Chunk("bench", new ExtractedDocument("bench", "md", blocks)).Count;

    /// <summary>A document as blocks (what the extractor will produce) that renders to the file's text.</summary>
    private sealed record GeneratedDocument(IReadOnlyList<TextBlock> Blocks)
    {
        public string Render(bool asMarkdown)
        {
            var sb = new StringBuilder();
            foreach (var block in Blocks)
            {
                if (sb.Length > 0) sb.Append("\n\n");
                if (asMarkdown && block.Kind == BlockKind.Heading) sb.Append('#', block.SectionPath.Count).Append(' ');
                sb.Append(block.Text);
            }

            return sb.Append('\n').ToString();
        }
    }
}
