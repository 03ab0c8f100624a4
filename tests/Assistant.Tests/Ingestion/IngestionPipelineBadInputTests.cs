using System.IO.Compression;
using System.Text;
using Assistant.Core.Ingestion;
using Assistant.Tests.Ingestion.Extraction;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Ingestion;

/// <summary>
/// Each kind of bad file is reported with its path and a reason, the rest of the batch still goes in, and the
/// index stays consistent. (The CLI's exit code 1 for these is covered in Cli/IngestCommandTests.)
/// </summary>
public sealed class IngestionPipelineBadInputTests : IDisposable
{
    private readonly TestKnowledgeBase _kb = new(o => o.MaxFileSizeMegabytes = 1);

    public void Dispose() => _kb.Dispose();

    public static TheoryData<string> BadFiles => ["zero-byte", "nul-bytes-txt", "random-pdf", "truncated-pdf", "encrypted-pdf", "scanned-pdf", "random-docx", "zip-without-document-docx", "huge", "invalid-utf8-md"];

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_fails_with_its_path_and_reason_and_the_batch_goes_on(string kind)
    {
        var (bad, expectedReason) = CreateBadFile(kind);
        var good = _kb.Dir.Write("batch/zz-good.md", "# Good\n\nThis file is fine and mentions pelicans.\n");

        var report = await _kb.IngestAsync(_kb.Dir.Combine("batch"));

        var failed = report.For(bad);
        Assert.Equal(IngestOutcome.Failed, failed.Outcome);
        Assert.Contains(expectedReason, failed.Reason);
        Assert.Null(failed.DocumentId);
        Assert.Equal(IngestOutcome.Added, report.For(good).Outcome);
        Assert.True(report.HasFailures);
        Assert.Equal(1, _kb.Db.Documents);
        Assert.Equal(report.For(good).Chunks, _kb.Db.Chunks);
        _kb.Db.AssertConsistent();
    }

    [Fact]
    public async Task A_bad_new_version_of_an_indexed_file_fails_and_keeps_the_previous_version()
    {
        var path = _kb.Dir.Write("batch/notes.txt", "Original notes about pelicans.");
        await _kb.IngestAsync(path);
        File.WriteAllBytes(path, [0x68, 0x69, 0x00, 0x00, 0x01, 0x02]);

        var report = await _kb.IngestAsync(path);

        Assert.Equal(IngestOutcome.Failed, report.For(path).Outcome);
        Assert.Equal(1, _kb.Db.Documents);
        Assert.Equal("Original notes about pelicans.", _kb.Db.Text("SELECT text FROM chunks"));
        _kb.Db.AssertConsistent();
    }

    [Fact]
    public async Task An_unsupported_file_named_explicitly_fails_but_in_a_folder_is_skipped()
    {
        var image = _kb.Dir.WriteBytes("batch/photo.xyz", [1, 2, 3]);
        var good = _kb.Dir.Write("batch/good.md", "# Good\n\nFine.\n");

        var explicitReport = await _kb.IngestAsync(image, good);
        var folderReport = await _kb.IngestAsync(_kb.Dir.Combine("batch"));

        var failed = explicitReport.For(image);
        Assert.Equal(IngestOutcome.Failed, failed.Outcome);
        Assert.StartsWith("unsupported file type '.xyz' (supported: ", failed.Reason);
        Assert.Contains(".docx", failed.Reason);
        Assert.Equal(IngestOutcome.Added, explicitReport.For(good).Outcome);

        var skipped = folderReport.For(image);
        Assert.Equal(IngestOutcome.Skipped, skipped.Outcome);
        Assert.Equal("unsupported file type '.xyz'", skipped.Reason);
        Assert.False(folderReport.HasFailures);
    }

    [Fact]
    public async Task A_path_that_does_not_exist_fails_and_the_rest_goes_in()
    {
        var missing = _kb.Dir.Combine("nope", "missing.md");
        var good = _kb.Dir.Write("good.md", "# Good\n\nFine.\n");

        var report = await _kb.IngestAsync(missing, good);

        Assert.Equal(IngestOutcome.Failed, report.For(missing).Outcome);
        Assert.Equal("no such file or folder", report.For(missing).Reason);
        Assert.Equal(IngestOutcome.Added, report.For(good).Outcome);
    }

    [Fact]
    public async Task Hidden_files_and_folders_are_not_ingested()
    {
        _kb.Dir.Write("batch/.git/config.txt", "hidden config");
        _kb.Dir.Write("batch/.secret.md", "# Hidden\n\nhidden\n");
        var good = _kb.Dir.Write("batch/good.md", "# Good\n\nFine.\n");

        var report = await _kb.IngestAsync(_kb.Dir.Combine("batch"));

        Assert.Equal([good], report.Files.Select(f => f.Path));
    }

    [UnreadableFilesFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task An_unreadable_file_fails_with_permission_denied()
    {
        var locked = _kb.Dir.Write("batch/locked.md", "# Locked\n\nSecret.\n");
        var good = _kb.Dir.Write("batch/good.md", "# Good\n\nFine.\n");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        try
        {
            var report = await _kb.IngestAsync(_kb.Dir.Combine("batch"));

            Assert.Equal(IngestOutcome.Failed, report.For(locked).Outcome);
            Assert.Contains("permission denied", report.For(locked).Reason);
            Assert.Equal(IngestOutcome.Added, report.For(good).Outcome);
            _kb.Db.AssertConsistent();
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private (string Path, string Reason) CreateBadFile(string kind)
    {
        switch (kind)
        {
            case "zero-byte":
                return (_kb.Dir.WriteBytes("batch/empty.md", []), "empty file (0 bytes)");
            case "nul-bytes-txt":
                return (_kb.Dir.WriteBytes("batch/program.txt", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, .. Encoding.ASCII.GetBytes("text after the header")]), "binary content: the file contains NUL bytes");
            case "random-pdf":
                return (_kb.Dir.WriteBytes("batch/random.pdf", DocxExtractorTests.RandomBytes(3000)), "does not start with %PDF-");
            case "truncated-pdf":
                return (_kb.Dir.WriteBytes("batch/truncated.pdf", MiniPdf.Create("This text is cut off.")[..60]), "corrupt or unreadable PDF");
            case "encrypted-pdf":
                return (_kb.Dir.WriteBytes("batch/locked.pdf", EncryptedPdf.Create("Payroll.", userPassword: "secret")), "encrypted PDF: needs a password");
            case "scanned-pdf":
                return (_kb.Dir.WriteBytes("batch/scan.pdf", MiniPdf.Create([[], []])), "no text found in the file (a scanned PDF needs OCR first)");
            case "random-docx":
                return (_kb.Dir.WriteBytes("batch/random.docx", DocxExtractorTests.RandomBytes(3000)), "corrupt or not a .docx file");
            case "zip-without-document-docx":
                var path = _kb.Dir.Combine("batch", "nodoc.docx");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
                {
                    using var writer = new StreamWriter(zip.CreateEntry("notes.txt").Open());
                    writer.Write("no word/document.xml in here");
                }

                return (path, "not a Word document");
            case "huge":
                var line = Encoding.ASCII.GetBytes("A line of perfectly ordinary text that is repeated many times.\n");
                var bytes = new byte[(1024 * 1024) + 4096];
                for (var i = 0; i < bytes.Length; i++) bytes[i] = line[i % line.Length];
                return (_kb.Dir.WriteBytes("batch/huge.txt", bytes), "over the 1 MB limit (Ingestion:MaxFileSizeMegabytes)");
            case "invalid-utf8-md":
                return (_kb.Dir.WriteBytes("batch/bad-utf8.md", [.. Encoding.ASCII.GetBytes("# Title\n\nCaf"), 0xC3, 0x28, .. Encoding.ASCII.GetBytes(" is broken.\n")]), "invalid UTF-8 at byte 12");
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }
}
