using Assistant.Core.Hosting;
using Assistant.Server;
using Assistant.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Assistant.Tests.Hosting;

/// <summary>
/// The default host builders watch the content root (the current folder) and every folder below it for appsettings
/// changes; run from a home folder, that was an inotify watch per folder and a wake-up per SQLite write.
/// </summary>
public sealed class HostArgumentsTests
{
    [Fact]
    public void The_default_builders_would_watch_and_ours_do_not()
    {
        // The premise: without the argument, the content root's appsettings.json is loaded with reload (a watcher) on.
        Assert.Contains(FileSources(Host.CreateApplicationBuilder().Configuration), s => s.ReloadOnChange);

        Assert.DoesNotContain(FileSources(Host.CreateApplicationBuilder(HostArguments.WithoutConfigWatch()).Configuration), s => s.ReloadOnChange);
        Assert.DoesNotContain(FileSources(WebApplication.CreateSlimBuilder(HostArguments.WithoutConfigWatch()).Configuration), s => s.ReloadOnChange);
        Assert.Equal(["--urls", "http://x", "--hostBuilder:reloadConfigOnChange=false"], HostArguments.WithoutConfigWatch("--urls", "http://x"));
    }

    [Fact]
    public async Task The_server_loads_its_settings_files_without_watching_them()
    {
        using var data = new TempDir();
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoPaths.Root, "appsettings.json"))
            .AddInMemoryCollection([new("DataDirectory", data.Path)])
            .Build();

        await using var app = ServerApp.Build(["--urls", "http://127.0.0.1:0"], configuration);

        var sources = FileSources(Assert.IsAssignableFrom<IConfigurationBuilder>(app.Configuration));
        Assert.NotEmpty(sources);
        Assert.DoesNotContain(sources, s => s.ReloadOnChange);
    }

    private static List<FileConfigurationSource> FileSources(IConfigurationBuilder configuration) =>
        configuration.Sources.OfType<FileConfigurationSource>().ToList();
}
