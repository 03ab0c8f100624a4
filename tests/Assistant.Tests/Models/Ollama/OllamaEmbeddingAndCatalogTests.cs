using Assistant.Core.Models;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Models.Ollama;

public sealed class OllamaEmbeddingAndCatalogTests
{
    private static Task Route(RecordedRequest req, System.Net.HttpListenerResponse r) => req.Path switch
    {
        "/api/tags" => LoopbackHttpServer.WriteJsonAsync(r, ModelTestKit.Fixture("ollama", "tags.json")),
        "/api/show" => LoopbackHttpServer.WriteJsonAsync(r, ModelTestKit.Fixture("ollama", "show.json")),
        "/api/embed" => LoopbackHttpServer.WriteJsonAsync(r, ModelTestKit.Fixture("ollama", "embed.json")),
        "/models" => LoopbackHttpServer.WriteJsonAsync(r, """{"object":"list","data":[]}"""),
        _ => LoopbackHttpServer.WriteJsonAsync(r, """{"error":"not found"}""", 404),
    };

    [Fact]
    public async Task Embeds_a_batch_through_api_embed()
    {
        await using var server = new LoopbackHttpServer(Route);
        var kit = new ModelTestKit().Profile("emb", "ollama", server.BaseAddress, "nomic-embed-text", p => p.Kind = ModelKind.Embedding);

        var result = await kit.Factory().CreateEmbeddingGenerator("emb").GenerateAsync(["first", "second"]);

        Assert.Equal(2, result.Count);
        Assert.Equal(4, result[0].Vector.Length);
        Assert.Equal(0.010071029f, result[0].Vector.Span[0]);
        Assert.Equal(8, result.Usage?.InputTokenCount);
        var json = ModelTestKit.Body(Assert.Single(server.Requests));
        Assert.Equal("/api/embed", server.Requests[0].Path);
        Assert.Equal("nomic-embed-text", json.GetProperty("model").GetString());
        Assert.Equal("second", json.GetProperty("input")[1].GetString());
    }

    [Fact]
    public async Task Vectors_of_another_size_than_the_profile_Dimensions_are_an_error_naming_both_sizes()
    {
        await using var server = new LoopbackHttpServer(Route);
        var kit = new ModelTestKit().Profile("emb", "ollama", server.BaseAddress, "nomic-embed-text", p => { p.Kind = ModelKind.Embedding; p.Dimensions = 768; });

        var error = await Assert.ThrowsAsync<ModelException>(() => kit.Factory().CreateEmbeddingGenerator("emb").GenerateAsync(["first", "second"]));

        Assert.Equal(ModelErrorKind.BadRequest, error.Kind);
        Assert.Contains("'emb'", error.Message);
        Assert.Contains("vectors of 4 dimensions", error.Message);
        Assert.Contains("Dimensions is 768", error.Message);
        Assert.Equal(768, ModelTestKit.Body(Assert.Single(server.Requests)).GetProperty("dimensions").GetInt32()); // asked for, not retried
        Assert.Empty(kit.Delays);
    }

    [Fact]
    public async Task The_generator_reports_the_profile_provider_and_model_that_an_index_records()
    {
        await using var server = new LoopbackHttpServer(Route);
        var kit = new ModelTestKit()
            .Profile("emb", "ollama", server.BaseAddress, "nomic-embed-text", p => p.Kind = ModelKind.Embedding)
            .Profile("compat", "openai-compatible", server.BaseAddress, "bge-base", p => { p.Kind = ModelKind.Embedding; p.Dimensions = 768; });
        var factory = kit.Factory();

        Assert.Equal("ollama/nomic-embed-text", Core.Storage.EmbeddingSpace.ModelName(factory.CreateEmbeddingGenerator("emb")));
        // M.E.AI.OpenAI would say "openai"; an index built before the move records "openai-compatible/…".
        Assert.Equal("openai-compatible/bge-base", Core.Storage.EmbeddingSpace.ModelName(factory.CreateEmbeddingGenerator("compat")));
    }

    [Fact]
    public async Task OllamaApi_lists_models_and_reads_context_length()
    {
        await using var server = new LoopbackHttpServer(Route);
        using var http = new HttpClient();
        var api = new Core.Models.Ollama.OllamaApi(http, server.BaseAddress);

        var models = await api.ListModelsAsync(CancellationToken.None);

        Assert.Equal(["nomic-embed-text:latest", "llama3.2:latest"], models.Select(m => m.Name));
        Assert.True(models[0].LooksLikeEmbeddingModel);
        Assert.False(models[1].LooksLikeEmbeddingModel);
        Assert.Equal(131072, await api.GetContextLengthAsync("llama3.2", CancellationToken.None));
    }

    [Fact]
    public async Task Probe_reports_configured_reachable_and_installed_models()
    {
        await using var server = new LoopbackHttpServer(Route);
        var kit = new ModelTestKit()
            .Profile("llama32", "ollama", server.BaseAddress, "llama3.2")
            .Profile("qwen", "ollama", server.BaseAddress, "qwen2.5")
            .Profile("down", "ollama", ModelTestKit.DeadEndpoint(), "llama3.2")
            .Profile("gpt", "openai", server.BaseAddress, "gpt-4o-mini", p => p.ApiKeyEnv = "NOT_SET_KEY")
            .Profile("compat", "openai-compatible", server.BaseAddress, "local");
        var catalog = new ModelCatalog(kit.Factory(), kit.Settings);

        var results = (await catalog.ProbeAsync(CancellationToken.None)).ToDictionary(r => r.Name);

        Assert.True(results["llama32"].Usable);
        Assert.Contains("llama3.2:latest", results["llama32"].InstalledModels!);
        Assert.False(results["qwen"].Usable);
        Assert.Contains("ollama pull qwen2.5", results["qwen"].Status);
        Assert.False(results["down"].Reachable);
        Assert.Contains("unreachable", results["down"].Status);
        Assert.False(results["gpt"].Configured);
        Assert.Contains("NOT_SET_KEY", results["gpt"].Status);
        Assert.True(results["compat"].Usable);
        Assert.True(results["llama32"].IsDefault);
    }

    [Fact]
    public async Task Finds_a_local_chat_model_skipping_embedding_models()
    {
        await using var server = new LoopbackHttpServer(Route);
        var kit = new ModelTestKit().Profile("local", "ollama", server.BaseAddress, "qwen2.5");
        var catalog = new ModelCatalog(kit.Factory(), kit.Settings);

        var found = await catalog.FindLocalOllamaChatModelAsync(CancellationToken.None);

        Assert.NotNull(found);
        Assert.Equal("llama3.2:latest", found.Value.Profile.Model);
        Assert.Equal("ollama", found.Value.Profile.Provider);
        Assert.NotNull(kit.Factory().CreateChatClient(found.Value.Name, found.Value.Profile));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"models":null}""")]
    public async Task A_server_that_answers_tags_without_models_lists_none_instead_of_crashing(string body)
    {
        await using var server = new LoopbackHttpServer((req, r) => LoopbackHttpServer.WriteJsonAsync(r, body));
        var kit = new ModelTestKit().Profile("local", "ollama", server.BaseAddress, "qwen2.5");
        var catalog = new ModelCatalog(kit.Factory(), kit.Settings);

        var found = await catalog.FindLocalOllamaChatModelAsync(CancellationToken.None);
        var probe = Assert.Single(await catalog.ProbeAsync(CancellationToken.None));

        Assert.Null(found);
        Assert.False(probe.Usable);
        Assert.Contains("not installed", probe.Status);
    }
}
