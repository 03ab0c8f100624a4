using System.Text.Json;
using System.Text.Json.Nodes;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

/// <summary>
/// Switching embedding models through the real CLI: a fake Ollama on loopback answers /api/embed with
/// deterministic vectors whose size depends on the requested model (32 for model-a, 48 for model-b), and the
/// model is switched the way a user would, through ASSISTANT_Models__… settings.
/// </summary>
public sealed class ReindexCommandTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private readonly Dictionary<string, HashingEmbeddingGenerator> _models = new()
    {
        ["model-a"] = new HashingEmbeddingGenerator(32, modelId: "model-a"),
        ["model-b"] = new HashingEmbeddingGenerator(48, modelId: "model-b"),
    };

    private LoopbackHttpServer _ollama = null!;

    public Task InitializeAsync()
    {
        _ollama = new LoopbackHttpServer(EmbedAsync);
        _dir.Write("docs/refund.md", "# Refunds\n\n## Policy\n\nRefunds are accepted within 30 days of purchase with a receipt.\n");
        _dir.Write("docs/ko.md", "# 환불 정책\n\n환불은 구매 후 30일 이내에 영수증이 있으면 가능합니다.\n");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _ollama.DisposeAsync();
        foreach (var model in _models.Values) model.Dispose();
        _dir.Dispose();
    }

    private async Task EmbedAsync(RecordedRequest request, System.Net.HttpListenerResponse response)
    {
        var body = JsonNode.Parse(request.Body)!;
        var model = _models[body["model"]!.GetValue<string>()];
        var inputs = body["input"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        var vectors = new JsonArray(inputs.Select(i => (JsonNode)new JsonArray(model.Embed(i).Select(f => (JsonNode)f).ToArray())).ToArray());
        await LoopbackHttpServer.WriteJsonAsync(response, new JsonObject { ["model"] = body["model"]!.GetValue<string>(), ["embeddings"] = vectors }.ToJsonString());
    }

    private Task<CliResult> Run(string model, params string[] args) => CliProcess.RunAsync(_dir.Path, new Dictionary<string, string?>
    {
        ["ASSISTANT_DATA"] = _dir.Combine("idx"),
        ["ASSISTANT_Models__DefaultEmbedding"] = "emb",
        ["ASSISTANT_Models__Profiles__emb__Provider"] = "ollama",
        ["ASSISTANT_Models__Profiles__emb__Kind"] = "Embedding",
        ["ASSISTANT_Models__Profiles__emb__Model"] = model,
        ["ASSISTANT_Models__Profiles__emb__Endpoint"] = _ollama.BaseAddress.ToString(),
    }, args);

    [Fact]
    public async Task Changing_the_model_makes_search_fail_naming_reindex_and_reindex_json_reports_the_switch()
    {
        var ingest = await Run("model-a", "ingest", "docs", "--json");
        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        Assert.True((await Run("model-a", "search", "refund", "--mode", "dense", "--json")).ExitCode == 0);

        var mismatch = await Run("model-b", "search", "refund", "--json");

        Assert.Equal(1, mismatch.ExitCode);
        Assert.Equal(string.Empty, mismatch.StdOut);
        Assert.Contains("ollama/model-a (32 dimensions)", mismatch.StdErr);
        Assert.Contains("ollama/model-b (48 dimensions)", mismatch.StdErr);
        Assert.Contains("assistant reindex", mismatch.StdErr);

        var reindex = await Run("model-b", "reindex", "--json");

        Assert.True(reindex.ExitCode == 0, reindex.ToString());
        using var json = JsonDocument.Parse(reindex.StdOut);
        var root = json.RootElement;
        Assert.Equal(["outcome", "model", "previous", "documents", "chunks", "seconds"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("reembedded", root.GetProperty("outcome").GetString());
        Assert.Equal(("ollama/model-b", 48), (root.GetProperty("model").GetProperty("model").GetString(), root.GetProperty("model").GetProperty("dimensions").GetInt32()));
        Assert.Equal(("ollama/model-a", 32), (root.GetProperty("previous").GetProperty("model").GetString(), root.GetProperty("previous").GetProperty("dimensions").GetInt32()));
        Assert.Equal(2, root.GetProperty("documents").GetInt32());

        var search = await Run("model-b", "search", "환불 영수증", "--mode", "dense", "--json");
        Assert.True(search.ExitCode == 0, search.ToString());
        using var hits = JsonDocument.Parse(search.StdOut);
        Assert.Equal("docs/ko.md", hits.RootElement[0].GetProperty("source").GetString());

        var list = await Run("model-b", "docs", "list");
        Assert.Contains("2 documents, 2 chunks; vectors from ollama/model-b (48 dimensions) on 2 of 2 chunks.", list.StdOut);

        var again = await Run("model-b", "reindex");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("nothing to do", again.StdOut);
    }

    [Fact]
    public async Task Reindex_without_an_embedding_model_exits_1_and_points_at_drop_vectors()
    {
        Assert.Equal(0, (await Run("model-a", "ingest", "docs")).ExitCode);

        var noModel = await CliProcess.RunAsync(_dir.Path, new Dictionary<string, string?> { ["ASSISTANT_DATA"] = _dir.Combine("idx") }, "reindex");
        var drop = await CliProcess.RunAsync(_dir.Path, new Dictionary<string, string?> { ["ASSISTANT_DATA"] = _dir.Combine("idx") }, "reindex", "--drop-vectors");
        var keywordSearch = await CliProcess.RunAsync(_dir.Path, new Dictionary<string, string?> { ["ASSISTANT_DATA"] = _dir.Combine("idx") }, "search", "refund", "--json");

        Assert.Equal(1, noModel.ExitCode);
        Assert.Contains("--drop-vectors", noModel.StdErr);
        Assert.True(drop.ExitCode == 0, drop.ToString());
        Assert.Contains("keyword-only", drop.StdOut);
        Assert.True(keywordSearch.ExitCode == 0, keywordSearch.ToString());
        Assert.Contains("docs/refund.md", keywordSearch.StdOut);
    }
}
