using System.IO.Compression;
using System.Text;

namespace Assistant.Tests.TestSupport;

/// <summary>
/// Writes a minimal .docx package around hand-written body XML, for documents the Open XML SDK would refuse to
/// build (30,000 nested content controls, a zip bomb) but a hostile or broken tool can still produce.
/// </summary>
public static class RawDocx
{
    public const string Namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    public static string Paragraph(string text) => $"<w:p><w:r><w:t xml:space=\"preserve\">{System.Security.SecurityElement.Escape(text)}</w:t></w:r></w:p>";

    public static void Write(string path, string bodyXml) => Write(path, writer =>
    {
        writer.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"{Namespace}\"><w:body>");
        writer.Write(bodyXml);
        writer.Write("</w:body></w:document>");
    });

    /// <summary>Streams the main document through <paramref name="writeDocument"/>, so a large one is never held whole.</summary>
    public static void Write(string path, Action<TextWriter> writeDocument)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        Entry(zip, "[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
            """);
        Entry(zip, "_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
            """);
        using var writer = new StreamWriter(zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open(), new UTF8Encoding(false));
        writeDocument(writer);
    }

    private static void Entry(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }
}
