using UglyToad.PdfPig.Content;

namespace Assistant.Core.Ingestion.Extraction;

/// <summary>
/// Drops letters drawn again on top of themselves. Producers fake bold or a shadow by drawing a heading twice, a
/// hair apart, and some draw a fill pass and a stroke pass; read as-is, "Passwords" became "Passwords Passwords"
/// (or, at exactly the same place, "PassswsordrsdowaP s", the two copies interleaved by the word extractor).
/// </summary>
/// <remarks>
/// A letter is a copy when an earlier kept letter has the same text and its glyph's origin lies within a third of the
/// glyph's width (PDFBox's rule for the same problem), at least <see cref="MinTolerance"/> points. Kept letters sit in
/// a grid of <see cref="CellSize"/>-point cells keyed by text, so each letter looks at nine small cells, not the page:
/// linear on ordinary pages, and a page of 100,000 letters stacked on one spot costs no more than one of them.
/// The first copy drawn is kept, the same objects are returned, and so drawing order stays comparable.
/// </remarks>
internal static class PdfOverprint
{
    private const double CellSize = 4;
    private const double MinTolerance = 0.25;

    public static IReadOnlyList<Letter> RemoveCopies(IReadOnlyList<Letter> letters)
    {
        if (letters.Count < 2) return letters;
        var kept = new List<Letter>(letters.Count);
        var grid = new Dictionary<(string Text, long X, long Y), List<Letter>>();
        foreach (var letter in letters)
        {
            if (string.IsNullOrWhiteSpace(letter.Value))
            {
                kept.Add(letter); // spaces carry no ink; the word extractor decides what they mean
                continue;
            }

            var origin = letter.BoundingBox.BottomLeft;
            var tolerance = Math.Clamp(letter.BoundingBox.Width / Math.Max(1, letter.Value.Length) / 3, MinTolerance, CellSize);
            var (cx, cy) = (Cell(origin.X), Cell(origin.Y));
            if (!IsCopy(grid, letter.Value, cx, cy, origin.X, origin.Y, tolerance))
            {
                kept.Add(letter);
                var key = (letter.Value, cx, cy);
                if (!grid.TryGetValue(key, out var cell)) grid[key] = cell = [];
                cell.Add(letter);
            }
        }

        return kept.Count == letters.Count ? letters : kept;
    }

    private static bool IsCopy(Dictionary<(string, long, long), List<Letter>> grid, string text, long cx, long cy, double x, double y, double tolerance)
    {
        for (var dx = -1; dx <= 1; dx++)
        {
            for (var dy = -1; dy <= 1; dy++)
            {
                if (!grid.TryGetValue((text, cx + dx, cy + dy), out var cell)) continue;
                foreach (var other in cell)
                {
                    var at = other.BoundingBox.BottomLeft;
                    if (Math.Abs(at.X - x) <= tolerance && Math.Abs(at.Y - y) <= tolerance) return true;
                }
            }
        }

        return false;
    }

    private static long Cell(double coordinate) => (long)Math.Floor(coordinate / CellSize);
}
