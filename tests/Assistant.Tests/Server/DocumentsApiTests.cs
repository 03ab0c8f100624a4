using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Tests.Server;

public sealed class DocumentsApiTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Upload_runs_the_ingestion_pipeline_and_reports_each_file()
    {
        using var form = new MultipartFormDataContent
        {
            { Bytes("# Returns\n\nRefunds are paid within 14 days of the return.\n"), "files", "returns.md" },
            { Bytes("MZ binary"), "files", "tool.exe" },
            { Bytes("<html><body><h1>Shipping</h1><p>Parcels ship on Mondays.</p></body></html>"), "files", "../../shipping.html" },
        };
        var response = await _server.ClientFor(TestKeys.Admin).PostAsync("/api/documents", form);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());

        var files = body.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f);
        Assert.Equal("added", files["returns.md"].GetProperty("outcome").GetString());
        Assert.True(files["returns.md"].GetProperty("chunks").GetInt32() >= 1);
        Assert.Equal("added", files["shipping.html"].GetProperty("outcome").GetString()); // the client's folders are dropped
        Assert.NotEqual("added", files["tool.exe"].GetProperty("outcome").GetString());
        Assert.False(string.IsNullOrEmpty(files["tool.exe"].GetProperty("reason").GetString()));
        Assert.Equal(2, body.GetProperty("added").GetInt32());

        // Saved inside the base's upload folder only; the file that was not indexed is not kept.
        var uploads = _server.Dir.Combine("data", "uploads");
        Assert.Equal(["returns.md", "shipping.html"], Directory.GetFiles(uploads).Select(Path.GetFileName).Order());
        Assert.False(File.Exists(_server.Dir.Combine("shipping.html")));

        var hits = await _server.ClientFor(TestKeys.Client).GetFromJsonAsync<JsonElement>("/api/search?q=refunds");
        Assert.Equal("returns.md", hits.GetProperty("hits")[0].GetProperty("source").GetString());
    }

    [Fact]
    public async Task Reupload_of_the_same_name_updates_the_same_document()
    {
        var admin = _server.ClientFor(TestKeys.Admin);
        var first = await Post(admin, "faq.md", "# FAQ\n\nOpening hours are nine to five.\n");
        var second = await Post(admin, "faq.md", "# FAQ\n\nOpening hours are eight to six.\n");
        Assert.Equal("added", first.GetProperty("files")[0].GetProperty("outcome").GetString());
        Assert.Equal("updated", second.GetProperty("files")[0].GetProperty("outcome").GetString());
        Assert.Equal(first.GetProperty("files")[0].GetProperty("documentId").GetString(), second.GetProperty("files")[0].GetProperty("documentId").GetString());
        Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/documents")).EnumerateArray());
    }

    [Fact]
    public async Task Delete_removes_the_document_and_its_file()
    {
        var admin = _server.ClientFor(TestKeys.Admin);
        var id = (await Post(admin, "gone.md", "# Gone\n\nThis page will be removed.\n")).GetProperty("files")[0].GetProperty("documentId").GetString();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/documents/{id}")).StatusCode);
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("/api/documents")).EnumerateArray());
        Assert.False(File.Exists(_server.Dir.Combine("data", "uploads", "gone.md")));
        await ProblemAssert.IsProblemAsync(await admin.DeleteAsync($"/api/documents/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reindex_without_an_embedding_model_is_409_unless_dropping_vectors()
    {
        var admin = _server.ClientFor(TestKeys.Admin);
        await Post(admin, "a.md", "# A\n\nSome text about apples.\n");
        var problem = await ProblemAssert.IsProblemAsync(await admin.PostAsync("/api/documents/reindex", null), HttpStatusCode.Conflict);
        Assert.Contains("Models:DefaultEmbedding", problem.GetProperty("detail").GetString());

        var dropped = await admin.PostAsync("/api/documents/reindex?dropVectors=true", null);
        Assert.Equal("VectorsDropped", (await dropped.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Reindex_with_an_embedding_model_reembeds_the_keys_base_only()
    {
        using var server = new ServerFactory(services: s => s.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new HashingEmbeddingGenerator()));
        await KnowledgeBaseIsolation.SeedAsync(server);
        var admin = server.ClientFor(TestKeys.AcmeAdmin);
        var current = await (await admin.PostAsync("/api/documents/reindex", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("AlreadyCurrent", current.GetProperty("outcome").GetString());

        var forced = await (await admin.PostAsync("/api/documents/reindex?force=true", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Reembedded", forced.GetProperty("outcome").GetString());
        Assert.Equal(1, forced.GetProperty("documents").GetInt32());
        Assert.Equal(1, forced.GetProperty("chunks").GetInt32());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task Upload_with_no_file_or_too_many_files_is_400_naming_files(int count)
    {
        using var server = new ServerFactory(s => s["Server:Limits:MaxUploadFiles"] = "2");
        using var form = new MultipartFormDataContent { { new StringContent("x"), "note" } };
        for (var i = 0; i < count; i++) form.Add(Bytes("# T\n\ntext\n"), "files", $"f{i}.md");
        var problem = await ProblemAssert.IsProblemAsync(await server.ClientFor(TestKeys.Admin).PostAsync("/api/documents", form), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("files", out _));
    }

    private static ByteArrayContent Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    private static async Task<JsonElement> Post(HttpClient admin, string name, string text)
    {
        using var form = new MultipartFormDataContent { { Bytes(text), "files", name } };
        var response = await admin.PostAsync("/api/documents", form);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body;
    }
}
