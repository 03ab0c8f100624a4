using System.CommandLine;
using Assistant.Server;

namespace Assistant.Cli.Commands;

/// <summary>`assistant serve`: the support-bot server (src/Assistant.Server) with the CLI's settings, --config and --data.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = $"Where to listen, e.g. http://0.0.0.0:8080 (default {ServerOptions.DefaultUrls}: this machine only)." };
        var command = new Command("serve", "Run the HTTP API server (keys, knowledge bases, documents, plugins, health, OpenAPI at /openapi/v1.json, reference at /docs).") { urls };
        command.SetAction(async (parse, ct) =>
        {
            var configuration = CliHost.BuildConfiguration(parse);
            await using var app = ServerApp.Build([], configuration, parse.GetValue(urls));
            using var stop = ct.Register(() => app.Lifetime.StopApplication());
            await app.RunAsync();
            return CliRunner.Success;
        });
        return command;
    }
}
