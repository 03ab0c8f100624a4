using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;

namespace Assistant.Core.Ingestion.Extraction;

/// <summary>
/// One page's paragraphs (each a list of lines) in reading order.
/// </summary>
/// <remarks>
/// Paragraphs are Docstrum blocks (words → lines → blocks by geometry): <c>ContentOrderTextExtractor</c> gives the same
/// words but no paragraph breaks, and paragraphs are what the chunker packs and keeps whole.
/// Block order: the order the PDF draws them in (content-stream order), which is right for nearly every producer and
/// keeps table rows together, unless that order is clearly not a reading order — then geometry
/// (<see cref="UnsupervisedReadingOrderDetector"/>, column-wise, ignoring the drawing order). "Clearly" is measured:
/// the share of the page's letters that fall outside the longest run of blocks the content stream visits in geometric
/// order. Pages drawn in reading order score 0–5 % (a table read column-wise by the detector costs a few letters); a
/// two-column page drawn right column first, or lines drawn alternately across columns, scores 40 % and more.
/// </remarks>
internal static class PdfPageLayout
{
    /// <summary>Above this share of displaced letters the drawing order is not trusted.</summary>
    internal const double MaxDisplacedShare = 0.2;

    private static readonly UnsupervisedReadingOrderDetector Geometric =
        new(5, UnsupervisedReadingOrderDetector.SpatialReasoningRules.ColumnWise, useRenderingOrder: false);

    public static IReadOnlyList<IReadOnlyList<string>> Paragraphs(Page page)
    {
        if (page.Letters.Count == 0) return []; // a scanned page: no text layer

        IReadOnlyList<TextBlock> blocks;
        try
        {
            var words = NearestNeighbourWordExtractor.Instance.GetWords(PdfOverprint.RemoveCopies(page.Letters)).ToList();
            if (words.Count == 0) return []; // only space glyphs
            blocks = DocstrumBoundingBoxes.Instance.GetBlocks(words);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            // Layout analysis failed on odd geometry; the page's text in drawing order is still worth having.
            return [ContentOrderTextExtractor.GetText(page).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        }

        return Order(page, blocks).Select(b => (IReadOnlyList<string>)b.TextLines.Select(l => l.Text.Trim()).Where(l => l.Length > 0).ToList()).ToList();
    }

    private static IEnumerable<TextBlock> Order(Page page, IReadOnlyList<TextBlock> blocks)
    {
        if (blocks.Count < 2) return blocks;
        var geometric = Geometric.Get(blocks).ToList();
        var contentIndex = new Dictionary<Letter, int>(page.Letters.Count, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < page.Letters.Count; i++) contentIndex[page.Letters[i]] = i;

        // For each letter in drawing order, the geometric rank of the block it belongs to.
        var rankAt = new int[page.Letters.Count];
        Array.Fill(rankAt, -1);
        var firstDrawn = new int[geometric.Count];
        for (var rank = 0; rank < geometric.Count; rank++)
        {
            firstDrawn[rank] = int.MaxValue;
            foreach (var letter in LettersOf(geometric[rank]))
            {
                if (!contentIndex.TryGetValue(letter, out var i)) continue;
                rankAt[i] = rank;
                firstDrawn[rank] = Math.Min(firstDrawn[rank], i);
            }
        }

        return DisplacedShare(rankAt) > MaxDisplacedShare
            ? geometric
            : geometric.Select((block, rank) => (block, rank)).OrderBy(x => firstDrawn[x.rank]).Select(x => x.block);
    }

    /// <summary>
    /// 1 − (letters in the heaviest non-decreasing subsequence of block ranks) / (letters), in O(n log blocks): a
    /// Fenwick tree holds, for each rank, the heaviest subsequence seen so far that ends at or below it.
    /// </summary>
    internal static double DisplacedShare(IReadOnlyList<int> rankAt)
    {
        var ranks = rankAt.Count == 0 ? 0 : rankAt.Max() + 1;
        var tree = new long[ranks + 1];
        long heaviest = 0, total = 0;
        foreach (var rank in rankAt)
        {
            if (rank < 0) continue;
            total++;
            long best = 0;
            for (var i = rank + 1; i > 0; i -= i & -i) best = Math.Max(best, tree[i]);
            best++;
            heaviest = Math.Max(heaviest, best);
            for (var i = rank + 1; i <= ranks; i += i & -i) tree[i] = Math.Max(tree[i], best);
        }

        return total == 0 ? 0 : 1 - ((double)heaviest / total);
    }

    private static IEnumerable<Letter> LettersOf(TextBlock block) =>
        block.TextLines.SelectMany(line => line.Words).SelectMany(word => word.Letters);
}
