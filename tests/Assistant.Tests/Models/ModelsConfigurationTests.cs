using Assistant.Core.Extensions;
using Assistant.Core.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Assistant.Tests.Models;

public sealed class ModelsConfigurationTests
{
    private static ModelsOptions Options(params (string Name, ModelProfile Profile)[] profiles)
    {
        var o = new ModelsOptions();
        foreach (var (name, p) in profiles)
        {
            o.Profiles[name] = p;
        }

        return o;
    }

    [Fact]
    public void Unknown_provider_lists_the_known_ones()
    {
        var result = new ModelsOptionsValidator().Validate(null, Options(("x", new ModelProfile { Provider = "olama", Model = "m" })));

        Assert.True(result.Failed);
        Assert.Contains("'olama' is not known", result.FailureMessage);
        Assert.Contains("ollama, openai, azure-openai, anthropic, gemini, mistral, deepseek, openai-compatible", result.FailureMessage);
    }

    [Fact]
    public void Fallback_to_a_missing_profile_and_cycles_are_reported()
    {
        var result = new ModelsOptionsValidator().Validate(null, Options(
            ("a", new ModelProfile { Provider = "ollama", Model = "m", Fallback = "b" }),
            ("b", new ModelProfile { Provider = "ollama", Model = "m", Fallback = "A" }),
            ("c", new ModelProfile { Provider = "ollama", Model = "m", Fallback = "nope" })));

        Assert.Contains("Fallback names profile 'nope', which does not exist", result.FailureMessage);
        Assert.Contains("fallback cycle", result.FailureMessage);
        Assert.Single(result.Failures!, f => f.Contains("cycle", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pasted_key_in_ApiKeyEnv_is_rejected_without_echoing_it()
    {
        var result = new ModelsOptionsValidator().Validate(null, Options(("o", new ModelProfile { Provider = "openai", Model = "m", ApiKeyEnv = ModelTestKit.FakeKey })));

        Assert.Contains("NAME of an environment variable", result.FailureMessage);
        Assert.DoesNotContain(ModelTestKit.FakeKey, result.FailureMessage);
    }

    [Fact]
    public void Azure_needs_an_endpoint_and_defaults_must_exist()
    {
        var options = Options(("az", new ModelProfile { Provider = "azure-openai", Model = "gpt-4o-mini" }));
        options.DefaultChat = "missing";

        var result = new ModelsOptionsValidator().Validate(null, options);

        Assert.Contains("Endpoint is required for provider 'azure-openai'", result.FailureMessage);
        Assert.Contains("Models:DefaultChat names profile 'missing'", result.FailureMessage);
    }

    [Fact]
    public async Task Missing_key_fails_at_call_time_naming_the_variable()
    {
        var kit = new ModelTestKit().Profile("gpt", "openai", new Uri("http://127.0.0.1:9/"), configure: p => p.ApiKeyEnv = "MY_OPENAI_KEY");
        var client = kit.Factory().CreateChatClient("gpt"); // construction succeeds so `assistant models` can list it

        var error = await Assert.ThrowsAsync<ModelException>(() => client.GetResponseAsync(ModelTestKit.Ask("hi")));

        Assert.Equal(ModelErrorKind.MissingApiKey, error.Kind);
        Assert.Contains("MY_OPENAI_KEY", error.Message);
        Assert.Empty(kit.Delays);
    }

    [Fact]
    public void Unknown_profile_and_missing_default_say_what_exists()
    {
        var kit = new ModelTestKit().Profile("local", "ollama", new Uri("http://127.0.0.1:9/"));
        kit.Options.DefaultChat = null;
        var factory = kit.Factory();

        Assert.Contains("Known profiles: local", Assert.Throws<InvalidOperationException>(() => factory.CreateChatClient("gpt")).Message);
        Assert.Contains("Models:DefaultChat", Assert.Throws<InvalidOperationException>(() => factory.CreateChatClient((string?)null)).Message);
    }

    [Fact]
    public void AddModels_binds_case_insensitive_profiles_and_resolves_the_default_client()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Models:DefaultChat"] = "Local",
            ["Models:Profiles:local:Provider"] = "ollama",
            ["Models:Profiles:local:Model"] = "llama3.1",
            ["Models:Profiles:local:ContextWindow"] = "8192",
            ["Models:Profiles:emb:Provider"] = "ollama",
            ["Models:Profiles:emb:Model"] = "nomic-embed-text",
            ["Models:Profiles:emb:Kind"] = "Embedding",
        }).Build();
        using var provider = new ServiceCollection().AddModels(config).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ModelsOptions>>().Value;
        Assert.True(options.TryGetProfile("LOCAL", out var local));
        Assert.Equal(8192, local.ContextWindow);
        Assert.Equal(100, local.TimeoutSeconds);
        Assert.Null(provider.GetService<IChatClient>()); // the composition root decides whether there is a chat model at all
        Assert.NotNull(provider.GetRequiredService<ModelProfileFactory>().CreateChatClient((string?)null));
        Assert.NotNull(provider.GetRequiredService<ModelProfileFactory>().CreateEmbeddingGenerator("emb"));
        Assert.NotNull(provider.GetRequiredService<ModelCatalog>());
    }

    [Fact]
    public void AddModels_rejects_a_bad_section_with_the_fix()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Models:Profiles:x:Provider"] = "openia",
            ["Models:Profiles:x:Model"] = "gpt-4o-mini",
        }).Build();
        using var provider = new ServiceCollection().AddModels(config).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ModelsOptions>>().Value);
        Assert.Contains("Use one of: ollama", error.Message);
    }
}

public sealed class ModelsSampleTests
{
    [Fact]
    public void The_shipped_sample_profiles_validate()
    {
        var config = new ConfigurationBuilder().AddJsonFile(Path.Combine(Assistant.Tests.TestSupport.RepoPaths.Root, "appsettings.models.sample.json")).Build();
        var options = new ModelsOptions();
        config.GetSection(ModelsOptions.SectionName).Bind(options);

        var result = new ModelsOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(13, options.Profiles.Count);
        Assert.Equal(ModelKind.Embedding, options.Profiles["ollama-bge-m3"].Kind);
    }
}
