using System.CommandLine;
using Assistant.Cli.Output;
using Assistant.Core.Models;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Assistant.Cli.Commands;

internal static class ModelsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the profiles and their status as JSON." };
        var command = new Command("models", "List model profiles: configured (key present), reachable, installed Ollama models.") { json };
        command.SetAction(async (parse, ct) =>
        {
            using var services = CliHost.BuildServices(parse);
            var results = await services.GetRequiredService<ModelCatalog>().ProbeAsync(ct);
            if (parse.GetValue(json))
            {
                Json.Write(results.Select(r => new ModelJson(r.Name, r.Profile.Provider, r.Profile.Model, r.Profile.Kind.ToString().ToLowerInvariant(), r.IsDefault, r.Configured, r.Reachable, r.Usable, r.InstalledModels, r.Status)).ToList());
                return CliRunner.Success;
            }

            var table = new Table().Border(TableBorder.Rounded);
            foreach (var c in new[] { "profile", "provider", "model", "usable", "status" }) table.AddColumn(c);
            foreach (var r in results)
            {
                var name = r.IsDefault ? $"[bold]{Markup.Escape(r.Name)}[/] (default)" : Markup.Escape(r.Name);
                table.AddRow(name, Markup.Escape(r.Profile.Provider), Markup.Escape(r.Profile.Model), r.Usable ? "[green]yes[/]" : "[grey]no[/]", Markup.Escape(r.Status));
            }

            AnsiConsole.Write(table);
            return CliRunner.Success;
        });
        return command;
    }
}

internal sealed record ModelJson(string Name, string Provider, string Model, string Kind, bool IsDefault, bool Configured, bool Reachable, bool Usable, IReadOnlyList<string>? InstalledModels, string Status);
