using System.IO.Compression;
using System.Text;
using Mono.Unix.Native;

namespace Assistant.Cli.Benchmarking;

/// <summary>
/// One input: where it is and how many bytes ingestion may actually read from it (0 when it must not). Ordinary inputs
/// are large but legitimate documents, measured beside the hostile set rather than in its batch.
/// </summary>
internal sealed record HostileCase(string Name, string Path, long ReadableBytes, bool Ordinary = false);

/// <summary>
/// Writes the inputs issue 9 found breaking ingestion into a folder: symlink loops, links to devices, a FIFO (sockets
/// are in the tests: .NET removes a socket's file when it closes), a .docx zip bomb and one of 30,000 nested content controls, 100,000 nested HTML divs, a file of one
/// repeated heading, a 60 MB file through a link, UTF-16 without a BOM; and beside them, in their own folder, large
/// ordinary documents (one long line, a long Markdown file). Sizes scale with <c>megabytes</c>.
/// </summary>
internal static class HostileCorpus
{
    private const string WordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    public static IReadOnlyList<HostileCase> Write(string folder, string ordinaryFolder, int megabytes, int seed)
    {
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(ordinaryFolder);
        var cases = new List<HostileCase>();
        string P(string name) => System.IO.Path.Combine(folder, name);

        Directory.CreateDirectory(P("loops/sub"));
        File.WriteAllText(P("loops/a.md"), "# A\n\nPelicans nest on cliffs.\n");
        File.WriteAllText(P("loops/sub/b.md"), "# B\n\nHerons wade in marshes.\n");
        File.CreateSymbolicLink(P("loops/sub/up"), "..");
        File.CreateSymbolicLink(P("loops/self"), ".");
        cases.Add(new HostileCase("two symlink loops", P("loops"), 100));

        File.CreateSymbolicLink(P("zero.txt"), "/dev/zero");
        cases.Add(new HostileCase("link to /dev/zero", P("zero.txt"), 0));
        File.CreateSymbolicLink(P("random.md"), "/dev/urandom");
        cases.Add(new HostileCase("link to /dev/urandom", P("random.md"), 0));
        if (Syscall.mkfifo(P("pipe.txt"), FilePermissions.DEFFILEMODE) == 0) cases.Add(new HostileCase("FIFO", P("pipe.txt"), 0));

        // Over the size limit, reached through a link: refused from the opened file's size, before reading.
        var big = System.IO.Path.Combine(ordinaryFolder, "big-target.txt");
        WriteRepeated(big, "A line of ordinary text, repeated.\n", 60);
        File.CreateSymbolicLink(P("big-link.txt"), big);
        cases.Add(new HostileCase("60 MB file through a link", P("big-link.txt"), 0));

        WriteDocx(P("bomb.docx"), w =>
        {
            var line = Paragraph("All work and no play makes a pelican a dull bird.");
            for (long written = 0; written < 275L * 1024 * 1024; written += line.Length) w.Write(line);
        });
        cases.Add(new HostileCase(".docx zip bomb (275 MB inside)", P("bomb.docx"), new FileInfo(P("bomb.docx")).Length));

        WriteDocx(P("nested.docx"), w =>
        {
            for (var i = 0; i < 30_000; i++) w.Write("<w:sdt><w:sdtContent>");
            w.Write(Paragraph("deep inside"));
            for (var i = 0; i < 30_000; i++) w.Write("</w:sdtContent></w:sdt>");
        });
        cases.Add(new HostileCase(".docx with 30,000 nested content controls", P("nested.docx"), new FileInfo(P("nested.docx")).Length));

        var html = new StringBuilder("<html><body>");
        html.Insert(html.Length, "<div>", 100_000).Append("<p>deep</p>").Insert(html.Length, "</div>", 100_000).Append("</body></html>");
        File.WriteAllText(P("nested.html"), html.ToString());
        cases.Add(new HostileCase("HTML of 100,000 nested divs", P("nested.html"), new FileInfo(P("nested.html")).Length));

        WriteRepeated(P("headings.md"), "# Same heading again\n\n", megabytes);
        cases.Add(new HostileCase($"{megabytes} MB .md of one repeated heading", P("headings.md"), new FileInfo(P("headings.md")).Length));

        File.WriteAllBytes(P("utf16.txt"), new UnicodeEncoding(false, false).GetBytes("Refund policy\r\n환불은 7일 이내에 요청하세요.\r\n"));
        cases.Add(new HostileCase("UTF-16 without a BOM", P("utf16.txt"), new FileInfo(P("utf16.txt")).Length));

        string O(string name) => System.IO.Path.Combine(ordinaryFolder, name);
        WriteRepeated(O("one-line.txt"), "pelican ", Math.Max(1, megabytes / 4));
        cases.Add(new HostileCase($"{Math.Max(1, megabytes / 4)} MB on one line", O("one-line.txt"), new FileInfo(O("one-line.txt")).Length, Ordinary: true));

        WriteProse(O("largest-ordinary.md"), megabytes, seed);
        cases.Add(new HostileCase($"{megabytes} MB ordinary Markdown", O("largest-ordinary.md"), new FileInfo(O("largest-ordinary.md")).Length, Ordinary: true));
        return cases;
    }

    private static string Paragraph(string text) => $"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>";

    private static void WriteDocx(string path, Action<TextWriter> body)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        Entry(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>");
        Entry(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>");
        using var writer = new StreamWriter(zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open(), new UTF8Encoding(false));
        writer.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"{WordNamespace}\"><w:body>");
        body(writer);
        writer.Write("</w:body></w:document>");
    }

    private static void Entry(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }

    private static void WriteRepeated(string path, string unit, int megabytes)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        for (long written = 0; written < megabytes * 1024L * 1024; written += unit.Length) writer.Write(unit);
    }

    private static void WriteProse(string path, int megabytes, int seed)
    {
        var prose = new MixedProseGenerator(seed, new ProseNames(seed));
        prose.StartDocument();
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write($"# {prose.Title()}\n\n");
        long written = 0;
        for (var paragraph = 0; written < megabytes * 1024L * 1024; paragraph++)
        {
            var text = paragraph % 12 == 0 ? $"## {prose.Heading()}\n\n" : prose.Paragraph(120) + "\n\n";
            writer.Write(text);
            written += Encoding.UTF8.GetByteCount(text);
        }
    }
}
