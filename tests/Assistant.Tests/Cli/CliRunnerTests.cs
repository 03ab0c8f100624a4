using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

public sealed class CliRunnerTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task No_arguments_prints_the_help_and_succeeds()
    {
        var result = await CliProcess.RunAsync(_dir.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Usage:", result.StdOut);
        foreach (var command in new[] { "ingest", "search", "ask", "docs" }) Assert.Contains($"  {command}", result.StdOut);
        Assert.Equal(string.Empty, result.StdErr);
        Assert.False(Directory.Exists(_dir.Combine("data")), "help touches no index");
    }
}
