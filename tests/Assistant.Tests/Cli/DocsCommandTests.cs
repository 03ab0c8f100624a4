using System.Text.Json;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

public sealed class DocsCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Docs_list_json_describes_each_document()
    {
        _dir.Write("docs/refund.md", "# Refunds\n\nWithin 30 days.\n");
        await CliProcess.RunAsync(_dir.Path, "ingest", "docs", "--tag", "hr", "--kb", "support", "--data", "idx");

        var result = await CliProcess.RunAsync(_dir.Path, "docs", "list", "--json", "--data", "idx");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        var doc = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(["id", "source", "format", "title", "chunks", "sizeBytes", "indexedAt", "tags", "knowledgeBase"], doc.EnumerateObject().Select(p => p.Name));
        Assert.Equal("docs/refund.md", doc.GetProperty("source").GetString());
        Assert.Equal("md", doc.GetProperty("format").GetString());
        Assert.Equal("Refunds", doc.GetProperty("title").GetString());
        Assert.Equal(1, doc.GetProperty("chunks").GetInt32());
        Assert.Equal(new FileInfo(_dir.Combine("docs", "refund.md")).Length, doc.GetProperty("sizeBytes").GetInt64());
        Assert.Equal(["hr"], doc.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("support", doc.GetProperty("knowledgeBase").GetString());
        Assert.InRange(doc.GetProperty("indexedAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Docs_list_on_an_empty_index_says_so()
    {
        var json = await CliProcess.RunAsync(_dir.Path, "docs", "list", "--json", "--data", "idx");
        var text = await CliProcess.RunAsync(_dir.Path, "docs", "list", "--data", "idx");

        Assert.Equal("[]", json.StdOut.Trim());
        Assert.Contains("The index is empty", text.StdOut);
    }

    [Fact]
    public async Task Docs_remove_deletes_a_document_and_an_unknown_id_exits_one()
    {
        _dir.Write("docs/refund.md", "# Refunds\n\nWithin 30 days.\n");
        _dir.Write("docs/other.md", "# Other\n\nPelicans.\n");
        await CliProcess.RunAsync(_dir.Path, "ingest", "docs", "--data", "idx");
        using var list = JsonDocument.Parse((await CliProcess.RunAsync(_dir.Path, "docs", "list", "--json", "--data", "idx")).StdOut);
        var id = list.RootElement.EnumerateArray().Single(d => d.GetProperty("source").GetString() == "docs/refund.md").GetProperty("id").GetString()!;

        var removed = await CliProcess.RunAsync(_dir.Path, "docs", "remove", id, "--data", "idx");
        var again = await CliProcess.RunAsync(_dir.Path, "docs", "remove", id, "--data", "idx");

        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Contains($"Removed {id}", removed.StdOut);
        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Contains($"no document with id or path '{id}'", again.StdErr);
        var db = new DbInspector(_dir.Combine("idx", "assistant.db"));
        Assert.Equal(1, db.Documents);
        db.AssertConsistent();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Docs_remove_also_takes_the_path_docs_list_shows_relative_or_absolute(bool absolute)
    {
        _dir.Write("docs/refund.md", "# Refunds\n\nWithin 30 days.\n");
        _dir.Write("docs/other.md", "# Other\n\nPelicans.\n");
        await CliProcess.RunAsync(_dir.Path, "ingest", "docs", "--data", "idx");
        var path = absolute ? _dir.Combine("docs", "refund.md") : "docs/refund.md";

        var removed = await CliProcess.RunAsync(_dir.Path, "docs", "remove", path, "--data", "idx");
        var again = await CliProcess.RunAsync(_dir.Path, "docs", "remove", path, "--data", "idx");

        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Contains("(docs/refund.md)", removed.StdOut);
        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Contains($"no document with id or path '{path}'", again.StdErr);
        using var list = JsonDocument.Parse((await CliProcess.RunAsync(_dir.Path, "docs", "list", "--json", "--data", "idx")).StdOut);
        Assert.Equal(["docs/other.md"], list.RootElement.EnumerateArray().Select(d => d.GetProperty("source").GetString()));
    }
}
