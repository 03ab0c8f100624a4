using System.Text.Json;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

/// <summary>`assistant ingest` through a real process: exit codes, the report, and where the index goes.</summary>
public sealed class IngestCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_clean_batch_exits_zero_and_prints_progress_and_a_summary()
    {
        WriteGoodDocs();

        var result = await CliProcess.RunAsync(_dir.Path, "ingest", "docs", "--data", "idx");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Ingesting 2 file(s)", result.StdOut);
        Assert.Contains("added docs/refund.md", result.StdOut);
        Assert.Contains("added docs/ko.md", result.StdOut);
        Assert.Contains("Ingestion summary", result.StdOut);
        Assert.True(File.Exists(_dir.Combine("idx", "assistant.db")));
    }

    [Fact]
    public async Task A_folder_with_nothing_to_index_warns_on_stderr_and_in_the_json()
    {
        Directory.CreateDirectory(_dir.Combine("empty"));

        var plain = await CliProcess.RunAsync(_dir.Path, "ingest", "empty", "--data", "idx");
        var json = await CliProcess.RunAsync(_dir.Path, "ingest", "empty", "--json", "--data", "idx");

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains("warning: no files found in", plain.StdErr);
        using var report = JsonDocument.Parse(json.StdOut);
        var warning = Assert.Single(report.RootElement.GetProperty("warnings").EnumerateArray());
        Assert.StartsWith("no files found in", warning.GetString());
    }

    [Fact]
    public async Task Json_report_lists_every_file_with_its_outcome_and_counts()
    {
        WriteGoodDocs();
        _dir.WriteBytes("docs/bad.txt", [0x00, 0x01, 0x02]);
        _dir.WriteBytes("docs/image.png", [0x89, 0x50, 0x4E, 0x47]);

        var result = await CliProcess.RunAsync(_dir.Path, "ingest", "docs", "--json", "--data", "idx");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("added").GetInt32());
        Assert.Equal(1, root.GetProperty("failed").GetInt32());
        Assert.Equal(1, root.GetProperty("skipped").GetInt32());
        Assert.Equal(0, root.GetProperty("updated").GetInt32());
        Assert.Equal(0, root.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, root.GetProperty("removed").GetInt32());
        Assert.True(root.GetProperty("chunks").GetInt32() >= 2);
        var files = root.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, f => f);
        Assert.Equal("failed", files["docs/bad.txt"].GetProperty("outcome").GetString());
        Assert.StartsWith("binary content", files["docs/bad.txt"].GetProperty("reason").GetString());
        Assert.Equal("skipped", files["docs/image.png"].GetProperty("outcome").GetString());
        Assert.Equal("added", files["docs/refund.md"].GetProperty("outcome").GetString());
        Assert.Equal(16, files["docs/refund.md"].GetProperty("documentId").GetString()!.Length);
        // Progress goes to stderr so stdout is pure JSON.
        Assert.Contains("failed docs/bad.txt", result.StdErr);
    }

    [Fact]
    public async Task Every_kind_of_bad_file_makes_the_exit_code_one_and_the_good_file_still_goes_in()
    {
        var good = _dir.Write("batch/good.md", "# Good\n\nPelicans are fine.\n");
        _dir.WriteBytes("batch/empty.md", []);
        // Zero bytes on both sides of each pair: not UTF-16 either.
        _dir.WriteBytes("batch/binary.txt", [0x41, 0x00, 0x00, 0x42, 0x01, 0x02]);
        _dir.WriteBytes("batch/random.pdf", Ingestion.Extraction.DocxExtractorTests.RandomBytes(500));
        _dir.WriteBytes("batch/truncated.pdf", MiniPdf.Create("Cut off.")[..50]);
        _dir.WriteBytes("batch/random.docx", Ingestion.Extraction.DocxExtractorTests.RandomBytes(500));
        _dir.WriteBytes("batch/bad-utf8.md", [0x23, 0x20, 0x41, 0xC3, 0x28, 0x0A]);
        _dir.Write("batch/big.txt", new string('x', (1024 * 1024) + 10));
        var explicitUnsupported = _dir.WriteBytes("notes.xyz", [1, 2, 3]);
        _dir.Write("settings.json", """{ "Ingestion": { "MaxFileSizeMegabytes": 1 } }""");

        var result = await CliProcess.RunAsync(_dir.Path, "ingest", "batch", explicitUnsupported, "--json", "--config", "settings.json", "--data", "idx");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        var outcomes = json.RootElement.GetProperty("files").EnumerateArray()
            .ToDictionary(f => Path.GetFileName(f.GetProperty("path").GetString()!), f => (Outcome: f.GetProperty("outcome").GetString(), Reason: f.GetProperty("reason").GetString()));
        Assert.Equal("added", outcomes["good.md"].Outcome);
        foreach (var bad in new[] { "empty.md", "binary.txt", "random.pdf", "truncated.pdf", "random.docx", "bad-utf8.md", "big.txt", "notes.xyz" })
        {
            Assert.True(outcomes.TryGetValue(bad, out var r), $"{bad} missing from the report");
            Assert.Equal("failed", r.Outcome);
            Assert.False(string.IsNullOrWhiteSpace(r.Reason), $"{bad} has no reason");
        }

        Assert.Contains("over the 1 MB limit", outcomes["big.txt"].Reason);
        var db = new DbInspector(_dir.Combine("idx", "assistant.db"));
        Assert.Equal(1, db.Documents);
        db.AssertConsistent();
        Assert.Contains(Path.GetFileName(good), (await CliProcess.RunAsync(_dir.Path, "docs", "list", "--json", "--data", "idx")).StdOut);
    }

    [Fact]
    public async Task A_second_run_reports_everything_unchanged_and_exits_zero()
    {
        WriteGoodDocs();
        await CliProcess.RunAsync(_dir.Path, "ingest", "docs", "--data", "idx");

        var result = await CliProcess.RunAsync(_dir.Path, "ingest", "docs", "--json", "--data", "idx");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        Assert.Equal(2, json.RootElement.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("added").GetInt32());
    }

    [Fact]
    public async Task Data_works_before_the_subcommand_too()
    {
        WriteGoodDocs();

        var result = await CliProcess.RunAsync(_dir.Path, "--data", "before", "ingest", "docs");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, new DbInspector(_dir.Combine("before", "assistant.db")).Documents);
        Assert.False(Directory.Exists(_dir.Combine("data")));
    }

    [Fact]
    public async Task Assistant_data_environment_variable_chooses_the_index_folder_and_data_overrides_it()
    {
        WriteGoodDocs();
        var env = new Dictionary<string, string?> { ["ASSISTANT_DATA"] = _dir.Combine("from-env") };

        var viaEnv = await CliProcess.RunAsync(_dir.Path, env, "ingest", "docs/refund.md");
        var viaOption = await CliProcess.RunAsync(_dir.Path, env, "ingest", "docs/ko.md", "--data", "from-option");

        Assert.True(viaEnv.ExitCode == 0, viaEnv.ToString());
        Assert.True(viaOption.ExitCode == 0, viaOption.ToString());
        Assert.Equal(1, new DbInspector(_dir.Combine("from-env", "assistant.db")).Documents);
        Assert.Equal(1, new DbInspector(_dir.Combine("from-option", "assistant.db")).Documents);
    }

    [Fact]
    public async Task Sync_removes_deleted_files_through_the_cli()
    {
        WriteGoodDocs();
        await CliProcess.RunAsync(_dir.Path, "ingest", "docs", "--data", "idx");
        File.Delete(_dir.Combine("docs", "ko.md"));

        var result = await CliProcess.RunAsync(_dir.Path, "ingest", "docs", "--sync", "--json", "--data", "idx");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        Assert.Equal(1, json.RootElement.GetProperty("removed").GetInt32());
        Assert.Equal(1, new DbInspector(_dir.Combine("idx", "assistant.db")).Documents);
    }

    [Fact]
    public async Task Sync_progress_never_counts_past_the_total()
    {
        WriteGoodDocs();
        await CliProcess.RunAsync(_dir.Path, "ingest", "docs", "--data", "idx");
        File.Delete(_dir.Combine("docs", "ko.md"));

        var result = await CliProcess.RunAsync(_dir.Path, "ingest", "docs", "--sync", "--data", "idx");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StdOut.Split('\n', StringSplitOptions.TrimEntries);
        // One file on disk: "[1/1] unchanged …"; the removal is its own line, not "[2/1]".
        Assert.Contains("[1/1] unchanged docs/refund.md", lines);
        Assert.Contains("[-] removed docs/ko.md: file no longer exists", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("[2/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ingest_without_a_path_is_a_usage_error()
    {
        var result = await CliProcess.RunAsync(_dir.Path, "ingest", "--data", "idx");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error:", result.StdErr);
    }

    private void WriteGoodDocs()
    {
        _dir.Write("docs/refund.md", "# Refunds\n\n## Policy\n\nRefunds are accepted within 30 days of purchase with a receipt.\n");
        _dir.Write("docs/ko.md", "# 환불 정책\n\n환불은 구매 후 30일 이내에 영수증이 있으면 가능합니다.\n");
    }
}
