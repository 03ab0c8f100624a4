using Assistant.Core.Answering;
using Assistant.Core.Retrieval;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Assistant.Tests.Answering.Extractive;

public sealed class ExtractiveOptionsBindingTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly SearchHit[] Hits = [new(1, 1, "d", "/faq.md", "Refunds > Policy", null, "Refunds are accepted within 30 days of purchase.", 0)];

    private ServiceProvider Services(string? minConfidence)
    {
        var settings = new Dictionary<string, string?> { ["DataDirectory"] = _dir.Combine("idx") };
        if (minConfidence is not null) settings["Answering:Extractive:MinConfidence"] = minConfidence;
        return Assistant.Cli.CliHost.BuildServices(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
    }

    [Fact]
    public void The_threshold_in_Answering_Extractive_reaches_the_answerer()
    {
        using var defaults = Services(null);
        using var strict = Services("5");

        Assert.True(defaults.GetRequiredService<ExtractiveAnswerer>().Answer("What is the refund policy?", Hits).Found);
        Assert.False(strict.GetRequiredService<ExtractiveAnswerer>().Answer("What is the refund policy?", Hits).Found);
    }

    [Fact]
    public void A_threshold_out_of_range_names_the_setting()
    {
        // The CLI validates every settings section when it builds its services, before any command runs.
        var error = Assert.Throws<OptionsValidationException>(() => Services("20"));
        Assert.Contains("MinConfidence", error.Message);
    }
}
