using System.Globalization;
using System.Text;

namespace Assistant.Tests.TestSupport;

/// <summary>
/// Writes a minimal but valid PDF 1.4: one Helvetica font, one content stream per page, a correct xref table.
/// Each page is a list of paragraphs, each paragraph a list of lines; paragraphs are set further apart than
/// lines so layout analysis sees a paragraph break between them. ASCII text only (the standard font's encoding).
/// </summary>
public static class MiniPdf
{
    private const double FontSize = 12;
    private const double LineGap = 14;
    private const double ParagraphGap = 50; // clearly more than a line gap, as a real paragraph break is

    public static byte[] Create(IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> pages) =>
        FromContentStreams(pages.Select(ContentStream).ToList());

    /// <summary>One page per content stream written by the caller (font /F1 is Helvetica), for layouts Create cannot express.</summary>
    public static byte[] FromContentStreams(IReadOnlyList<string> pages)
    {
        // Objects: 1 catalog, 2 page tree, 3 font, then per page a page object and its content stream.
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [{string.Join(" ", pages.Select((_, i) => $"{4 + (2 * i)} 0 R"))}] /Count {pages.Count} >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        };

        foreach (var page in pages)
        {
            var contentId = objects.Count + 2;
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {contentId} 0 R >>");
            var stream = page;
            objects.Add($"<< /Length {Encoding.ASCII.GetByteCount(stream)} >>\nstream\n{stream}\nendstream");
        }

        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>One paragraph per page, convenient for page-number tests.</summary>
    public static byte[] Create(params string[] pageTexts) =>
        Create(pageTexts.Select(t => (IReadOnlyList<IReadOnlyList<string>>)[[t]]).ToList());

    private static string ContentStream(IReadOnlyList<IReadOnlyList<string>> paragraphs)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"BT\n/F1 {FontSize} Tf\n72 720 Td\n");
        var first = true;
        foreach (var paragraph in paragraphs)
        {
            if (!first) sb.Append(CultureInfo.InvariantCulture, $"0 -{ParagraphGap} Td\n");
            first = false;
            for (var i = 0; i < paragraph.Count; i++)
            {
                if (i > 0) sb.Append(CultureInfo.InvariantCulture, $"0 -{LineGap} Td\n");
                sb.Append('(').Append(Escape(paragraph[i])).Append(") Tj\n");
            }
        }

        sb.Append("ET");
        return sb.ToString();
    }

    private static string Escape(string text)
    {
        if (text.Any(c => c > 126 || c < 32)) throw new ArgumentException("MiniPdf writes printable ASCII only: " + text);
        return text.Replace("\\", "\\\\").Replace("(", "\\(").Replace(")", "\\)");
    }
}
