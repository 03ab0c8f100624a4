using System.IO.Compression;
using System.Xml;

namespace Assistant.Core.Ingestion.Extraction;

/// <summary>
/// Checks a .docx package before the Open XML SDK loads it: the SDK inflates a part whole and builds its element
/// tree recursively, so a small zip bomb takes gigabytes and a few thousand nested content controls overflow the
/// stack, killing the whole batch. Here the declared sizes and compression ratio are checked first, then the main
/// document is streamed once through an XmlReader (iterative, constant memory), counting the bytes actually
/// inflated and the element depth, and stopping at the first limit.
/// </summary>
internal static class DocxPackageGuard
{
    private const string MainDocument = "word/document.xml";

    public static void Check(byte[] content, DocxLimits limits, CancellationToken cancellationToken)
    {
        using var zip = OpenZip(content);
        long declared = 0, compressed = 0;
        foreach (var entry in zip.Entries)
        {
            declared += entry.Length;
            compressed += entry.CompressedLength;
        }

        if (declared > limits.MaxDecompressedBytes)
        {
            throw new DocumentRejectedException($"the package would inflate to {Megabytes(declared)}, over the {Megabytes(limits.MaxDecompressedBytes)} limit (Ingestion:MaxDecompressedMegabytes)");
        }

        if (compressed > 0 && declared / (double)compressed > limits.MaxCompressionRatio)
        {
            throw new DocumentRejectedException($"compression ratio {declared / (double)compressed:0}:1 is over the {limits.MaxCompressionRatio}:1 limit (Ingestion:MaxCompressionRatio): a zip bomb, or a document to split");
        }

        // Declared sizes can lie: count what really comes out while reading the main document.
        var main = zip.Entries.FirstOrDefault(e => string.Equals(e.FullName, MainDocument, StringComparison.OrdinalIgnoreCase));
        if (main is null) return;
        using var stream = new LimitedStream(main.Open(), limits.MaxDecompressedBytes);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true });
        var nodes = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Depth > limits.MaxNestingDepth)
                {
                    throw new DocumentRejectedException($"elements nested more than {limits.MaxNestingDepth} deep (Ingestion:MaxNestingDepth): not a document Word would write");
                }

                if ((++nodes & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            }
        }
        catch (LimitExceededException)
        {
            throw new DocumentRejectedException($"the main document inflates past {Megabytes(limits.MaxDecompressedBytes)} (Ingestion:MaxDecompressedMegabytes), more than its declared size");
        }
    }

    private static ZipArchive OpenZip(byte[] content)
    {
        try
        {
            return new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException ex)
        {
            throw new DocumentRejectedException($"corrupt or not a .docx file: {ex.Message}", ex);
        }
    }

    private static string Megabytes(long bytes) => $"{bytes / 1048576.0:0.#} MB";

    private sealed class LimitExceededException : Exception;

    /// <summary>A read-only stream that throws once more than the limit has been read from it.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            _read += n;
            if (_read > limit) throw new LimitExceededException();
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>Bounds for reading a .docx, from <see cref="IngestionOptions"/>.</summary>
public sealed record DocxLimits(long MaxDecompressedBytes, double MaxCompressionRatio, int MaxNestingDepth)
{
    public static DocxLimits From(IngestionOptions options) =>
        new(options.MaxDecompressedMegabytes * 1024L * 1024L, options.MaxCompressionRatio, options.MaxNestingDepth);
}
