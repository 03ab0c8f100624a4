using System.Diagnostics;
using Assistant.Core.Documents;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Exceptions;

namespace Assistant.Core.Ingestion.Extraction;

/// <summary>
/// .pdf through PdfPig, in process: one <see cref="TextBlock"/> per paragraph, each with its 1-based page number, so
/// chunks never mix pages and citations name the page. Paragraphs and their order come from <see cref="PdfPageLayout"/>;
/// line-end hyphens are mended by <see cref="PdfLineJoiner"/> with the whole document's vocabulary.
/// </summary>
/// <remarks>
/// Bounded per file: files over <paramref name="maxFileBytes"/> are refused before parsing (the pipeline checks the same
/// limit first; this guards direct callers), and extraction stops with a reason once it has run longer than
/// <paramref name="timeout"/> (checked between pages, since PdfPig cannot be interrupted inside one).
/// </remarks>
public sealed class PdfExtractor(long maxFileBytes = 50L * 1024 * 1024, TimeSpan? timeout = null) : IDocumentExtractor
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromMinutes(2);

    public IReadOnlyCollection<string> Extensions { get; } = [".pdf"];

    public Task<ExtractedDocument> ExtractAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        if (bytes.LongLength > maxFileBytes)
        {
            throw new DocumentRejectedException($"PDF is {bytes.LongLength / 1048576.0:0.#} MB, over the {maxFileBytes / 1048576.0:0.#} MB limit (Ingestion:MaxFileSizeMegabytes)");
        }

        if (bytes.Length < 5 || !bytes.AsSpan(0, 5).SequenceEqual("%PDF-"u8))
        {
            throw new DocumentRejectedException("corrupt or not a PDF: the file does not start with %PDF-");
        }

        return Task.FromResult(new ExtractedDocument(path, "pdf", Extract(bytes, cancellationToken)));
    }

    private List<TextBlock> Extract(byte[] bytes, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var pages = new List<(int Number, IReadOnlyList<IReadOnlyList<string>> Paragraphs)>();
        try
        {
            // Lenient parsing (PdfPig's default) reads the many slightly broken PDFs office tools write.
            using var document = PdfDocument.Open(bytes);
            for (var number = 1; number <= document.NumberOfPages; number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (clock.Elapsed > _timeout)
                {
                    throw new DocumentRejectedException(
                        $"PDF text extraction took longer than {_timeout.TotalSeconds:0.#} s (stopped before page {number} of {document.NumberOfPages})");
                }

                pages.Add((number, PdfPageLayout.Paragraphs(document.GetPage(number))));
            }
        }
        catch (PdfDocumentEncryptedException ex)
        {
            throw new DocumentRejectedException("encrypted PDF: needs a password (save an unprotected copy to index it)", ex);
        }
        catch (PdfDocumentFormatException ex)
        {
            throw new DocumentRejectedException($"corrupt or unreadable PDF: {FirstLine(ex.Message)}", ex);
        }
        catch (Exception ex) when (ex is not (DocumentRejectedException or OperationCanceledException))
        {
            // PdfPig reports some damage as plain runtime exceptions (index out of range, invalid cast…).
            throw new DocumentRejectedException($"corrupt or unreadable PDF ({ex.GetType().Name}: {FirstLine(ex.Message)})", ex);
        }

        var joiner = new PdfLineJoiner(pages.SelectMany(p => p.Paragraphs).SelectMany(lines => lines));
        var blocks = new List<TextBlock>();
        foreach (var (number, paragraphs) in pages)
        {
            foreach (var lines in paragraphs)
            {
                var text = joiner.Join(lines);
                if (text.Length > 0) blocks.Add(new TextBlock(text, [], number));
            }
        }

        return blocks;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
