using Assistant.Core.Ingestion;
using Assistant.Core.Retrieval;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Ingestion;

public sealed class IngestionPipelineIncrementalTests : IDisposable
{
    private readonly TestKnowledgeBase _kb = new();

    public void Dispose() => _kb.Dispose();

    [Fact]
    public async Task A_second_run_over_unchanged_files_writes_nothing()
    {
        var folder = WriteCorpus();
        var first = await _kb.IngestAsync(folder);
        Assert.Equal(3, first.Count(IngestOutcome.Added));
        var rowsBefore = ChunkRows();
        var indexedBefore = _kb.Db.Rows("SELECT indexed_at FROM documents ORDER BY id", r => r.GetString(0));

        var second = await _kb.IngestAsync(folder);

        Assert.All(second.Files, f => Assert.Equal(IngestOutcome.Unchanged, f.Outcome));
        Assert.Equal(3, second.Files.Count);
        Assert.Equal(rowsBefore, ChunkRows());
        Assert.Equal(indexedBefore, _kb.Db.Rows("SELECT indexed_at FROM documents ORDER BY id", r => r.GetString(0)));
        Assert.Equal(0, second.Chunks);
    }

    [Fact]
    public async Task A_run_that_changed_the_index_leaves_the_keyword_index_in_one_segment()
    {
        // Each document is its own transaction, so three files leave three FTS5 segments unless the run merges them.
        var folder = WriteCorpus();
        await _kb.IngestAsync(folder);
        Assert.Equal(1, _kb.Db.Scalar("SELECT COUNT(DISTINCT segid) FROM chunks_fts_idx"));
        Assert.NotEmpty(await Search("giraffe"));

        File.WriteAllText(Path.Combine(folder, "animals.md"), "# Animals\n\nThe zebra has stripes and lives on the savanna.\n");
        File.WriteAllText(Path.Combine(folder, "new.md"), "# Birds\n\nThe heron waits in shallow water.\n");
        await _kb.IngestAsync(folder);

        Assert.Equal(1, _kb.Db.Scalar("SELECT COUNT(DISTINCT segid) FROM chunks_fts_idx"));
        Assert.Empty(await Search("giraffe"));
        Assert.Single(await Search("heron"));
        _kb.Db.AssertConsistent();
    }

    [Fact]
    public async Task A_changed_file_is_updated_and_its_old_chunks_replaced()
    {
        var folder = WriteCorpus();
        await _kb.IngestAsync(folder);
        var chunksBefore = _kb.Db.Chunks;
        var target = Path.Combine(folder, "animals.md");
        var id = IngestionPipeline.DocumentIdFor(target);
        Assert.NotEmpty(await Search("giraffe"));

        File.WriteAllText(target, "# Animals\n\nThe zebra has stripes and lives on the savanna.\n");
        var report = await _kb.IngestAsync(folder);

        Assert.Equal(IngestOutcome.Updated, report.For(target).Outcome);
        Assert.Equal(2, report.Count(IngestOutcome.Unchanged));
        Assert.Empty(await Search("giraffe"));
        var hit = Assert.Single(await Search("zebra"));
        Assert.Equal(id, hit.DocumentId);
        Assert.Equal(3, _kb.Db.Documents);
        var docChunks = _kb.Db.Scalar($"SELECT COUNT(*) FROM chunks WHERE document_id = '{id}'");
        Assert.Equal(1, docChunks);
        Assert.Equal(docChunks, (await _kb.Store.GetDocumentAsync(id, CancellationToken.None))!.ChunkCount);
        Assert.True(_kb.Db.Chunks < chunksBefore, "the old, longer version's chunks must be gone");
        _kb.Db.AssertConsistent();
    }

    [Fact]
    public async Task Sync_removes_documents_whose_files_were_deleted_and_leaves_the_rest()
    {
        var folder = WriteCorpus();
        var elsewhere = _kb.Dir.Write("elsewhere/keep.md", "# Keep\n\nThis document lives outside the synced folder: walrus.\n");
        await _kb.IngestAsync(folder, elsewhere);
        Assert.Equal(4, _kb.Db.Documents);
        var deleted = Path.Combine(folder, "animals.md");
        File.Delete(deleted);

        var report = await _kb.IngestAsync(new IngestRequest([folder], Sync: true));

        var removed = report.For(deleted);
        Assert.Equal(IngestOutcome.Removed, removed.Outcome);
        Assert.Equal("file no longer exists", removed.Reason);
        Assert.Equal(2, report.Count(IngestOutcome.Unchanged));
        Assert.Equal(3, _kb.Db.Documents);
        Assert.Empty(await Search("giraffe"));
        Assert.NotEmpty(await Search("walrus"));
        _kb.Db.AssertConsistent();
    }

    [Fact]
    public async Task Without_sync_a_deleted_file_stays_indexed()
    {
        var folder = WriteCorpus();
        await _kb.IngestAsync(folder);
        File.Delete(Path.Combine(folder, "animals.md"));

        var report = await _kb.IngestAsync(folder);

        Assert.Equal(0, report.Count(IngestOutcome.Removed));
        Assert.Equal(3, _kb.Db.Documents);
    }

    private string WriteCorpus()
    {
        _kb.Dir.Write("corpus/animals.md", "# Animals\n\n" + TextFactory.Prose(20) + "\n\n## Tall ones\n\nThe giraffe has a long neck.\n");
        _kb.Dir.Write("corpus/plants.txt", TextFactory.Prose(21));
        _kb.Dir.Write("corpus/deep/rocks.html", "<h1>Rocks</h1><p>" + TextFactory.Prose(22) + "</p>");
        return _kb.Dir.Combine("corpus");
    }

    private List<(long Id, string Doc, long Idx)> ChunkRows() =>
        _kb.Db.Rows("SELECT id, document_id, idx FROM chunks ORDER BY id", r => (r.GetInt64(0), r.GetString(1), r.GetInt64(2)));

    private Task<IReadOnlyList<SearchHit>> Search(string text) =>
        _kb.Store.SearchAsync(new SearchQuery(text, 10, SearchMode.Keyword), CancellationToken.None);
}
