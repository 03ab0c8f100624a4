using System.ComponentModel;
using System.Diagnostics;
using Assistant.Core.Documents;

namespace Assistant.Core.Ingestion.Extraction;

/// <summary>
/// .pdf through poppler's <c>pdftotext</c> (PdfPig is not available here, and poppler is the most robust
/// extractor anyway). pdftotext ends every page with a form feed, so each block keeps its page number.
/// </summary>
public sealed class PdfExtractor(string pdfToTextPath = "pdftotext", TimeSpan? timeout = null) : IDocumentExtractor
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromMinutes(2);

    public IReadOnlyCollection<string> Extensions { get; } = [".pdf"];

    public async Task<ExtractedDocument> ExtractAsync(string path, CancellationToken cancellationToken)
    {
        var header = new byte[5];
        await using (var stream = File.OpenRead(path))
        {
            var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
            if (read < 5 || !header.AsSpan().SequenceEqual("%PDF-"u8))
            {
                throw new DocumentRejectedException("corrupt or not a PDF: the file does not start with %PDF-");
            }
        }

        var text = await RunPdfToTextAsync(path, cancellationToken);
        var pages = text.Split('\f');
        var blocks = new List<TextBlock>();
        for (var i = 0; i < pages.Length; i++)
        {
            blocks.AddRange(PlainTextExtractor.SplitParagraphs(JoinWrappedLines(pages[i]), [], page: i + 1));
        }

        return new ExtractedDocument(path, "pdf", blocks);
    }

    private async Task<string> RunPdfToTextAsync(string path, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(pdfToTextPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var arg in new[] { "-enc", "UTF-8", "-eol", "unix", path, "-" }) start.ArgumentList.Add(arg);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new DocumentRejectedException("could not start pdftotext");
        }
        catch (Win32Exception)
        {
            throw new DocumentRejectedException("pdftotext is not installed: PDF text extraction needs the 'poppler-utils' package (apt-get install poppler-utils)");
        }

        using (process)
        {
            using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutCts.CancelAfter(_timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(timeoutCts.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeoutCts.Token);
            try
            {
                await process.WaitForExitAsync(timeoutCts.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new DocumentRejectedException($"pdftotext took longer than {_timeout.TotalSeconds:0} s");
            }

            var output = await stdout;
            var errors = await stderr;
            if (process.ExitCode != 0)
            {
                var first = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "no details";
                throw new DocumentRejectedException($"corrupt or unreadable PDF (pdftotext exit code {process.ExitCode}: {first.Trim()})");
            }

            return output;
        }
    }

    /// <summary>pdftotext breaks lines where the page did; join them back into paragraphs, mending hyphenation.</summary>
    private static string JoinWrappedLines(string page)
    {
        var lines = page.Split('\n');
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            if (line.Length == 0)
            {
                sb.Append("\n\n");
                continue;
            }

            if (sb.Length > 0 && sb[^1] != '\n')
            {
                if (sb[^1] == '-' && sb.Length > 1 && char.IsLetter(sb[^2])) sb.Length--;
                else sb.Append(' ');
            }

            sb.Append(line.Trim());
        }

        return sb.ToString();
    }
}
