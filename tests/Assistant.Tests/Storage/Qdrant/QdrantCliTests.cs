using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Storage.Qdrant;

/// <summary>How the real CLI reports Qdrant problems: one line, the right exit code, no stack trace.</summary>
public sealed class QdrantCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_unreachable_qdrant_exits_1_with_one_line_naming_the_grpc_address()
    {
        var result = await CliProcess.RunAsync(_dir.Path, new Dictionary<string, string?>
        {
            ["ASSISTANT_VectorStore"] = "Qdrant",
            ["ASSISTANT_Qdrant__GrpcUrl"] = "http://127.0.0.1:1",
            ["ASSISTANT_Qdrant__MaxRetries"] = "0",
        }, "docs", "list");

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: Qdrant at http://127.0.0.1:1/ could not be reached over gRPC", line);
    }

    [Fact]
    public async Task A_rest_url_on_another_port_without_GrpcUrl_is_a_configuration_error_naming_the_fix()
    {
        var result = await CliProcess.RunAsync(_dir.Path, new Dictionary<string, string?>
        {
            ["ASSISTANT_VectorStore"] = "Qdrant",
            ["ASSISTANT_Qdrant__Url"] = "http://qdrant.internal:8080",
        }, "docs", "list");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("configuration error:", result.StdErr);
        Assert.Contains("set Qdrant:GrpcUrl", result.StdErr, StringComparison.OrdinalIgnoreCase);
    }
}
