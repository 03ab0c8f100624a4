using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assistant.Core.Ingestion;
using Assistant.Core.KnowledgeBases;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Tests.Server;

/// <summary>A key for one knowledge base never reaches another's documents, through any endpoint.</summary>
public sealed class KnowledgeBaseIsolationTests : IAsyncLifetime, IDisposable
{
    private readonly ServerFactory _server = new();

    public Task InitializeAsync() => KnowledgeBaseIsolation.SeedAsync(_server);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _server.Dispose();

    [Fact]
    public Task Search_returns_only_the_keys_own_knowledge_base() =>
        KnowledgeBaseIsolation.AssertIsolatedAsync(_server, (client, question) => client.GetStringAsync($"/api/search?q={Uri.EscapeDataString(question)}"));

    [Fact]
    public async Task Document_lists_are_per_knowledge_base()
    {
        var own = await _server.ClientFor(TestKeys.Admin).GetFromJsonAsync<JsonElement>("/api/documents");
        var acme = await _server.ClientFor(TestKeys.AcmeAdmin).GetFromJsonAsync<JsonElement>("/api/documents");
        Assert.Equal(["default-warranty.md"], own.EnumerateArray().Select(d => d.GetProperty("source").GetString()));
        Assert.Equal(["acme-warranty.md"], acme.EnumerateArray().Select(d => d.GetProperty("source").GetString()));
        Assert.Equal("acme", acme[0].GetProperty("knowledgeBase").GetString());
    }

    [Fact]
    public async Task Deleting_another_bases_document_is_not_found_and_leaves_it()
    {
        var acme = await _server.ClientFor(TestKeys.AcmeAdmin).GetFromJsonAsync<JsonElement>("/api/documents");
        var acmeId = acme[0].GetProperty("id").GetString()!;

        var response = await _server.ClientFor(TestKeys.Admin).DeleteAsync($"/api/documents/{acmeId}");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Single((await _server.ClientFor(TestKeys.AcmeAdmin).GetFromJsonAsync<JsonElement>("/api/documents")).EnumerateArray());
    }

    [Fact]
    public async Task Each_base_has_its_own_index_folder()
    {
        var registry = _server.Services.GetRequiredService<KnowledgeBaseRegistry>();
        Assert.Equal(["acme", "default"], registry.Names);
        Assert.Equal(_server.Dir.Combine("acme"), registry.Get("acme").DataDirectory);
        Assert.Equal(_server.Dir.Combine("data"), registry.Get("default").DataDirectory);
        Assert.True(File.Exists(Path.Combine(_server.Dir.Combine("acme"), "assistant.db")));
        Assert.True(File.Exists(Path.Combine(_server.Dir.Combine("acme"), "uploads", "acme-warranty.md")));
        Assert.Throws<UnknownKnowledgeBaseException>(() => registry.Get("other"));
    }

    [Fact]
    public async Task Documents_of_another_base_in_the_same_folder_stay_invisible()
    {
        // `assistant ingest --kb acme` into the default folder: same index file, other base name; the filter keeps it out.
        var registry = _server.Services.GetRequiredService<KnowledgeBaseRegistry>();
        var file = _server.Dir.Write("cli/stray.md", $"# Stray\n\nThe warranty period for the blender is forever, code {KnowledgeBaseIsolation.AcmeMarker}.\n");
        var report = await registry.Get("default").Pipeline.IngestAsync(new IngestRequest([file], KnowledgeBase: "acme"), null, CancellationToken.None);
        Assert.Equal(IngestOutcome.Added, report.Files.Single().Outcome);

        await KnowledgeBaseIsolation.AssertIsolatedAsync(_server, (client, question) => client.GetStringAsync($"/api/search?q={Uri.EscapeDataString(question)}"));
        var list = await _server.ClientFor(TestKeys.Admin).GetStringAsync("/api/documents");
        Assert.DoesNotContain("stray", list);
    }
}
