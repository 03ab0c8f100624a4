using Assistant.Core.Hosting;
using Assistant.Server.Extensions;

namespace Assistant.Server;

/// <summary>
/// Builds the server, for <c>dotnet run --project src/Assistant.Server</c> (Program.cs) and <c>assistant serve</c>,
/// which passes the configuration the CLI built (its --config and --data included). Not static: tests name it as
/// the entry point of <c>WebApplicationFactory&lt;ServerApp&gt;</c>.
/// </summary>
public sealed class ServerApp
{
    private ServerApp()
    {
    }

    /// <param name="args">Command-line arguments (highest precedence, e.g. --urls or --Server:RateLimit:PermitsPerMinute=30).</param>
    /// <param name="configuration">Settings to use instead of the usual layers; null: appsettings.json beside the
    /// executable, then in the current folder, then ASSISTANT_* variables, then ASSISTANT_DATA.</param>
    /// <param name="urls">Where to listen; null: --urls / ASPNETCORE_URLS / "urls" setting, else loopback port 8080.</param>
    public static WebApplication Build(string[] args, IConfiguration? configuration = null, string? urls = null)
    {
        var builder = WebApplication.CreateBuilder(HostArguments.WithoutConfigWatch(args));
        var settings = builder.Configuration;
        if (configuration is not null)
        {
            settings.AddConfiguration(configuration);
        }
        else
        {
            settings.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
            settings.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true);
            settings.AddEnvironmentVariables("ASSISTANT_");
            if (Environment.GetEnvironmentVariable("ASSISTANT_DATA") is { Length: > 0 } data) settings.AddInMemoryCollection([new("DataDirectory", data)]);
        }

        // Command-line settings win over everything, as they would in a plain ASP.NET Core app.
        settings.AddCommandLine(args);
        builder.WebHost.UseUrls(urls ?? settings["urls"] ?? ServerOptions.DefaultUrls);
        builder.Services.AddAssistantServer(settings);
        var app = builder.Build();
        app.MapAssistantApi();
        return app;
    }
}
