using Assistant.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Tests.Cli;

public sealed class CliHostTests
{
    /// <summary>
    /// The CLI builds its container without ValidateOnBuild (a one-shot command would pay for it on every run), so the
    /// check that every registration can be constructed runs here, for the default settings and with an embedding model.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_registration_of_the_cli_can_be_built(bool withEmbeddingModel)
    {
        var settings = new Dictionary<string, string?> { ["DataDirectory"] = Path.Combine(Path.GetTempPath(), "unused") };
        if (withEmbeddingModel)
        {
            settings["Models:DefaultEmbedding"] = "embed";
            settings["Models:Profiles:embed:Provider"] = "ollama";
            settings["Models:Profiles:embed:Model"] = "nomic-embed-text";
            settings["Models:Profiles:embed:Kind"] = "Embedding";
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        using var provider = CliHost.CreateServices(configuration).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
