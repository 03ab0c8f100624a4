using Assistant.Core.Documents;
using Assistant.Core.Text;

namespace Assistant.Core.Ingestion.Chunking;

/// <summary>
/// Packs a document's blocks into chunks of about <see cref="ChunkingOptions.TargetTokens"/> tokens.
/// A chunk never spans two sections or two pages, paragraphs stay whole when they fit, oversized
/// paragraphs are cut at sentence ends, and a heading is always kept with the text that follows it.
/// Offsets index into <see cref="ExtractedDocument.FullText"/>.
/// </summary>
public sealed class StructureAwareChunker(ChunkingOptions options)
{
    private const string BlockSeparator = "\n\n";

    public IReadOnlyList<Chunk> Chunk(string documentId, ExtractedDocument document)
    {
        var chunks = new List<Chunk>();
        var pieces = new List<Piece>();
        var offset = 0;
        var carried = 0; // leading pieces that repeat the previous chunk's tail; never a chunk on their own

        foreach (var block in document.Blocks)
        {
            if (pieces.Count > 0 && !SameGroup(pieces[^1].Block, block))
            {
                carried = Emit(documentId, pieces, carried, chunks, carryOverlap: false);
            }

            foreach (var piece in Split(block, offset))
            {
                var current = pieces.Sum(p => p.Tokens);
                var onlyHeadings = pieces.All(p => p.Block.Kind == BlockKind.Heading);
                if (current + piece.Tokens > options.TargetTokens)
                {
                    if (pieces.Count == carried)
                    {
                        pieces.Clear();
                        carried = 0;
                    }
                    else if (!onlyHeadings)
                    {
                        carried = Emit(documentId, pieces, carried, chunks, carryOverlap: true);
                        if (pieces.Sum(p => p.Tokens) + piece.Tokens > options.TargetTokens)
                        {
                            pieces.Clear();
                            carried = 0;
                        }
                    }
                }

                pieces.Add(piece);
            }

            offset += block.Text.Length + BlockSeparator.Length;
        }

        Emit(documentId, pieces, carried, chunks, carryOverlap: false);
        return chunks;
    }

    private static bool SameGroup(TextBlock a, TextBlock b) =>
        a.Page == b.Page && (a.SectionPath.SequenceEqual(b.SectionPath) || (a.Kind == BlockKind.Heading && IsChildOf(b.SectionPath, a.SectionPath)));

    // A heading followed by a deeper heading ("# Guide" then "## Costs") still belongs with what follows.
    private static bool IsChildOf(IReadOnlyList<string> child, IReadOnlyList<string> parent) =>
        child.Count > parent.Count && child.Take(parent.Count).SequenceEqual(parent);

    private IEnumerable<Piece> Split(TextBlock block, int offset)
    {
        var tokens = TokenEstimator.Estimate(block.Text);
        if (tokens <= options.TargetTokens)
        {
            yield return new Piece(block, block.Text, offset, tokens);
            yield break;
        }

        var cursor = 0;
        foreach (var sentence in SentenceSplitter.Split(block.Text))
        {
            var at = block.Text.IndexOf(sentence, cursor, StringComparison.Ordinal);
            if (at < 0) at = cursor;
            cursor = at + sentence.Length;
            foreach (var part in HardSplit(sentence))
            {
                yield return new Piece(block, part.Text, offset + at + part.Start, TokenEstimator.Estimate(part.Text));
            }
        }
    }

    // A "sentence" longer than the target (a table, a URL dump, text with no punctuation) is cut at whitespace.
    private IEnumerable<(string Text, int Start)> HardSplit(string sentence)
    {
        if (TokenEstimator.Estimate(sentence) <= options.TargetTokens)
        {
            yield return (sentence, 0);
            yield break;
        }

        var start = 0;
        while (start < sentence.Length)
        {
            var end = start;
            var lastSpace = -1;
            while (end < sentence.Length && TokenEstimator.Estimate(sentence.AsSpan(start, end - start + 1)) <= options.TargetTokens)
            {
                if (char.IsWhiteSpace(sentence[end])) lastSpace = end;
                end++;
            }

            if (end < sentence.Length && lastSpace > start) end = lastSpace + 1;
            if (end == start) end = start + 1;
            yield return (sentence[start..end].Trim(), start);
            start = end;
        }
    }

    /// <returns>How many pieces were carried over as overlap.</returns>
    private int Emit(string documentId, List<Piece> pieces, int carried, List<Chunk> chunks, bool carryOverlap)
    {
        if (pieces.Count == carried)
        {
            pieces.Clear();
            return 0;
        }

        var text = string.Join("\n", pieces.Select(p => p.Text));
        var last = pieces[^1];
        var section = pieces.FirstOrDefault(p => p.Block.Kind != BlockKind.Heading)?.Block.SectionPath ?? last.Block.SectionPath;
        chunks.Add(new Chunk(
            documentId,
            chunks.Count,
            text,
            section,
            last.Block.Page,
            pieces[0].Offset,
            last.Offset + last.Text.Length,
            pieces.Sum(p => p.Tokens)));

        var keep = new List<Piece>();
        if (carryOverlap && options.OverlapTokens > 0)
        {
            var budget = options.OverlapTokens;
            for (var i = pieces.Count - 1; i > 0 && pieces[i].Tokens <= budget && pieces[i].Block.Kind != BlockKind.Heading; i--)
            {
                budget -= pieces[i].Tokens;
                keep.Insert(0, pieces[i]);
            }
        }

        pieces.Clear();
        pieces.AddRange(keep);
        return keep.Count;
    }

    private sealed record Piece(TextBlock Block, string Text, int Offset, int Tokens);
}
