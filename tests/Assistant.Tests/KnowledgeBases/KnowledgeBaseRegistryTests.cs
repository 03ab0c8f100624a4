using Assistant.Core.Answering;
using Assistant.Core.Extensions;
using Assistant.Core.Ingestion;
using Assistant.Core.KnowledgeBases;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage.Qdrant;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Tests.KnowledgeBases;

public sealed class KnowledgeBaseRegistryTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings.TryAdd("DataDirectory", _dir.Combine("root"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddModels(configuration).AddKnowledgeBase(configuration).AddAssistantKernel(configuration).AddKnowledgeBaseRegistry(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Default_is_the_root_index_and_others_get_their_own_folder_and_collection()
    {
        using var services = Build(new()
        {
            ["KnowledgeBases:acme:DataDirectory"] = _dir.Combine("acme-index"),
            ["KnowledgeBases:beta:QdrantCollection"] = "beta-docs",
            ["Qdrant:Collection"] = "support",
        });
        var registry = services.GetRequiredService<KnowledgeBaseRegistry>();
        Assert.Equal(["acme", "beta", "default"], registry.Names);

        var main = registry.Get("default");
        Assert.Same(services.GetRequiredService<Assistant.Core.Storage.IKnowledgeStore>(), main.Store);
        Assert.Equal(_dir.Combine("root"), main.DataDirectory);
        Assert.Equal(_dir.Combine("acme-index"), registry.Get("acme").DataDirectory);
        Assert.Equal(Path.Combine(_dir.Combine("root"), "kb", "beta"), registry.Get("beta").DataDirectory);
        Assert.Same(registry.Get("acme"), registry.Get("acme"));
        Assert.NotSame(main.Store, registry.Get("acme").Store);

        // Only the collection name is set per base here; Qdrant itself is not needed to read the bound options.
        var configuration = (IConfiguration)registry.Get("beta").Services.GetRequiredService(typeof(IConfiguration));
        Assert.Equal("beta-docs", configuration[$"{QdrantOptions.SectionName}:Collection"]);
        var acmeConfiguration = (IConfiguration)registry.Get("acme").Services.GetRequiredService(typeof(IConfiguration));
        Assert.Equal("support-kb-acme", acmeConfiguration[$"{QdrantOptions.SectionName}:Collection"]);

        var unknown = Assert.Throws<UnknownKnowledgeBaseException>(() => registry.Get("gamma"));
        Assert.Contains("known: acme, beta, default", unknown.Message);
    }

    [Fact]
    public async Task Each_base_searches_and_answers_over_its_own_documents_only()
    {
        using var services = Build(new() { ["KnowledgeBases:acme:DataDirectory"] = _dir.Combine("acme") });
        var registry = services.GetRequiredService<KnowledgeBaseRegistry>();
        var acme = registry.Get("acme");
        var main = registry.Get("default");
        var acmeFile = _dir.Write("docs/acme.md", "# Returns\n\nAcme refunds within 30 days, reference quetzal.\n");
        var mainFile = _dir.Write("docs/main.md", "# Returns\n\nMain shop refunds within 14 days, reference zanzibar.\n");
        await acme.Pipeline.IngestAsync(new IngestRequest([acmeFile], KnowledgeBase: "acme"), null, CancellationToken.None);
        await main.Pipeline.IngestAsync(new IngestRequest([mainFile]), null, CancellationToken.None);

        var hits = await acme.SearchAsync("refunds reference", 5, SearchMode.Hybrid, null, CancellationToken.None);
        Assert.All(hits, h => Assert.Equal(acmeFile, h.Source));
        Assert.Single(await acme.ListDocumentsAsync(CancellationToken.None));

        // Answering (extractive here: no model configured) goes through the base's own store and scope.
        var answer = await acme.AnswerAsync(new AnswerRequest("What is the Acme refunds reference?"), CancellationToken.None);
        Assert.True(answer.Answer.Contains("quetzal"), $"{answer.Mode} found={answer.Found} sources={string.Join(" | ", answer.Sources.Select(s => s.Hit.Text))}: {answer.Answer}");
        Assert.DoesNotContain("zanzibar", answer.Answer);
    }
}
