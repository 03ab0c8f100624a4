using Assistant.Core.Documents;
using Assistant.Core.Text;

namespace Assistant.Core.Ingestion.Chunking;

/// <summary>
/// Packs a document's blocks into chunks of about <see cref="ChunkingOptions.TargetTokens"/> tokens.
/// A chunk never spans two sections or two pages, paragraphs stay whole when they fit, oversized
/// paragraphs are cut at sentence ends, and a heading is always kept with the text that follows it.
/// Offsets index into <see cref="ExtractedDocument.FullText"/>. Sizes are counted with <see cref="ITokenCounter"/>:
/// each block once, and each sentence of a block too big for one chunk once more; a chunk's count is the sum of its
/// pieces (a join can merge or split a token at the seams, so it may differ from a recount by a token or two per piece).
/// </summary>
public sealed class StructureAwareChunker(ChunkingOptions options, ITokenCounter tokens)
{
    /// <summary>Counts with o200k_base (<see cref="O200kTokenCounter"/>).</summary>
    public StructureAwareChunker(ChunkingOptions options)
        : this(options, O200kTokenCounter.Instance)
    {
    }

    private const string BlockSeparator = "\n\n";

    public IReadOnlyList<Chunk> Chunk(string documentId, ExtractedDocument document, CancellationToken cancellationToken = default)
    {
        var chunks = new List<Chunk>();
        var pieces = new List<Piece>();
        var offset = 0;
        var carried = 0; // leading pieces that repeat the previous chunk's tail; never a chunk on their own
        // Running totals of the pending pieces, so each piece costs the same however many are pending (summing the
        // list per piece made a 2 MB file of repeated headings take 85 s).
        var current = 0;
        var onlyHeadings = true;

        foreach (var block in document.Blocks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (pieces.Count > 0 && !SameGroup(pieces[^1].Block, block))
            {
                carried = Emit(documentId, pieces, carried, chunks, carryOverlap: false);
                (current, onlyHeadings) = Measure(pieces);
            }

            foreach (var piece in Split(block, offset))
            {
                if (current + piece.Tokens > options.TargetTokens)
                {
                    if (pieces.Count == carried)
                    {
                        pieces.Clear();
                        carried = 0;
                    }
                    else if (!onlyHeadings || piece.Block.Kind == BlockKind.Heading)
                    {
                        // A heading waits for its text, but a run of headings alone (empty sections) that would
                        // outgrow a chunk goes out as one rather than piling up without end.
                        carried = Emit(documentId, pieces, carried, chunks, carryOverlap: !onlyHeadings);
                        if (Measure(pieces).Tokens + piece.Tokens > options.TargetTokens)
                        {
                            pieces.Clear();
                            carried = 0;
                        }
                    }

                    (current, onlyHeadings) = Measure(pieces);
                }

                pieces.Add(piece);
                current += piece.Tokens;
                onlyHeadings &= piece.Block.Kind == BlockKind.Heading;
            }

            offset += block.Text.Length + BlockSeparator.Length;
        }

        Emit(documentId, pieces, carried, chunks, carryOverlap: false);
        return chunks;
    }

    /// <summary>Tokens and kind of the pending pieces; after an emit only the short overlap is left, so this stays cheap.</summary>
    private static (int Tokens, bool OnlyHeadings) Measure(List<Piece> pieces)
    {
        var total = 0;
        var onlyHeadings = true;
        foreach (var p in pieces)
        {
            total += p.Tokens;
            onlyHeadings &= p.Block.Kind == BlockKind.Heading;
        }

        return (total, onlyHeadings);
    }

    private static bool SameGroup(TextBlock a, TextBlock b) =>
        a.Page == b.Page && (a.SectionPath.SequenceEqual(b.SectionPath) || (a.Kind == BlockKind.Heading && IsChildOf(b.SectionPath, a.SectionPath)));

    // A heading followed by a deeper heading ("# Guide" then "## Costs") still belongs with what follows.
    private static bool IsChildOf(IReadOnlyList<string> child, IReadOnlyList<string> parent) =>
        child.Count > parent.Count && child.Take(parent.Count).SequenceEqual(parent);

    private IEnumerable<Piece> Split(TextBlock block, int offset)
    {
        var count = tokens.Count(block.Text);
        if (count <= options.TargetTokens)
        {
            yield return new Piece(block, block.Text, offset, count);
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
                yield return new Piece(block, part.Text, offset + at + part.Start, part.Tokens);
            }
        }
    }

    // A "sentence" longer than the target (a table, a URL dump, text with no punctuation) is cut at whitespace: the
    // tokenizer says how many characters fit, and the cut moves back to the last space inside them when there is one.
    private IEnumerable<(string Text, int Start, int Tokens)> HardSplit(string sentence)
    {
        var count = tokens.Count(sentence);
        if (count <= options.TargetTokens)
        {
            yield return (sentence, 0, count);
            yield break;
        }

        var start = 0;
        while (start < sentence.Length)
        {
            // A window keeps each step proportional to the part, not to what is left; 32 characters a token leaves room to spare
            // (prose averages 2–5).
            var rest = sentence.AsSpan(start, Math.Min(sentence.Length - start, Math.Max(options.TargetTokens * 32, 4096)));
            var fits = tokens.LengthWithin(rest, options.TargetTokens);
            var end = start + Math.Max(fits, 1);
            if (end < sentence.Length)
            {
                var lastSpace = sentence.LastIndexOfAny([' ', '\t', '\n'], end - 1, end - start);
                if (lastSpace > start) end = lastSpace + 1;
                else if (char.IsHighSurrogate(sentence[end - 1])) end++; // a lone token inside a pair: keep the pair whole
            }

            var part = sentence[start..end].Trim();
            if (part.Length > 0) yield return (part, start, tokens.Count(part));
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
