using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

/// <summary>
/// Settings a new user gets wrong, through the real CLI: a broken JSON file or a value of the wrong kind is exit 2 with
/// one line naming the file or the key, for every command (it used to be a stack trace with exit 134, or exit 1 from
/// `ingest` while `ask` ignored the value).
/// </summary>
public sealed class ConfigurationErrorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_broken_config_file_names_the_file_and_the_line()
    {
        var file = _dir.Write("broken.json", "{\n  \"Retrieval\": {\n    \"RrfK\": 60\n");

        var result = await CliProcess.RunAsync(_dir.Path, "search", "refund", "--config", "broken.json", "--data", "idx");

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"configuration error: {file} is not valid JSON (line 4, position 1)", line);
        Assert.Equal(string.Empty, result.StdOut);
    }

    [Fact]
    public async Task A_broken_appsettings_json_in_the_current_folder_is_the_same_kind_of_error()
    {
        var file = _dir.Write("appsettings.json", "{ \"DataDirectory\": \"idx\", }}");

        var result = await CliProcess.RunAsync(_dir.Path, "docs", "list");

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"configuration error: {file} is not valid JSON (line 1, position 28)", line);
    }

    [Theory]
    [InlineData("search", "refund")]
    [InlineData("ask", "What is the refund policy?")]
    [InlineData("ingest", "docs")]
    [InlineData("docs", "list")]
    [InlineData("reindex", "--drop-vectors")]
    public async Task A_non_numeric_setting_fails_every_command_naming_the_key_and_value(string command, string argument)
    {
        _dir.Write("docs/refund.md", "# Refunds\n\nWithin 30 days.\n");
        var env = new Dictionary<string, string?> { ["ASSISTANT_Chunking__TargetTokens"] = "abc" };

        var result = await CliProcess.RunAsync(_dir.Path, env, command, argument, "--data", "idx");

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("configuration error: Chunking:TargetTokens = 'abc' is not a whole number (set in the environment variable ASSISTANT_Chunking__TargetTokens)", line);
        Assert.False(File.Exists(_dir.Combine("idx", "assistant.db")), "nothing ran before the check");
    }

    [Fact]
    public async Task A_bad_value_in_a_config_file_names_that_file()
    {
        var file = _dir.Write("settings.json", "{ \"Ingestion\": { \"MaxFileSizeMegabytes\": \"x\" } }");

        // `ask` never reads the ingestion section unless it ingests; the value is still checked.
        var result = await CliProcess.RunAsync(_dir.Path, "ask", "What is the refund policy?", "--config", "settings.json", "--data", "idx");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"configuration error: Ingestion:MaxFileSizeMegabytes = 'x' is not a whole number (set in {file})", result.StdErr.Trim());
    }

    [Fact]
    public async Task An_unknown_enum_value_lists_the_known_ones()
    {
        var env = new Dictionary<string, string?> { ["ASSISTANT_VectorStore"] = "mongo" };

        var result = await CliProcess.RunAsync(_dir.Path, env, "docs", "list", "--data", "idx");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("VectorStore = 'mongo' is not one of Embedded, Qdrant", result.StdErr);
    }
}
