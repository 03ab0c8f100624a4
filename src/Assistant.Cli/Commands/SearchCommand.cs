using System.CommandLine;
using Assistant.Cli.Output;
using Assistant.Core.Ingestion;
using Assistant.Core.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Assistant.Cli.Commands;

internal static class SearchCommand
{
    public static Command Create()
    {
        var query = new Argument<string>("query") { Description = "What to look for." };
        var top = CommonOptions.Top();
        var mode = new Option<SearchMode>("--mode")
        {
            Description = "hybrid (default), keyword or dense.",
            DefaultValueFactory = _ => SearchMode.Hybrid,
            CustomParser = CommonOptions.ParseMode,
        };
        var json = new Option<bool>("--json") { Description = "Print the hits as a JSON array (see README)." };

        var command = new Command("search", "Show the passages that best match a query.") { query, top, mode, json };
        var filters = new FilterOptions();
        filters.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var k = CommonOptions.ValidateTop(parse.GetValue(top));
            var text = parse.GetValue(query);
            if (string.IsNullOrWhiteSpace(text)) throw new UsageException("the query is empty");
            using var services = CliHost.BuildServices(parse);
            if (await services.GetRequiredService<SampleCorpusBootstrap>().EnsureIndexedAsync(Console.Error.WriteLine, ct) == BootstrapOutcome.Empty) return CliRunner.PartialFailure;
            var hits = await services.GetRequiredService<KnowledgeRetriever>().SearchAsync(text, k, parse.GetValue(mode), filters.Read(parse), ct);
            var cwd = Directory.GetCurrentDirectory();
            if (parse.GetValue(json))
            {
                Json.Write(hits.Select(h => Json.Hit(h, cwd)).ToList());
                return CliRunner.Success;
            }

            if (hits.Count == 0) Console.WriteLine("No matching passages.");
            foreach (var hit in hits)
            {
                var page = hit.Page is { } p ? $", p. {p}" : string.Empty;
                var section = hit.Section.Length > 0 ? $" — {hit.Section}" : string.Empty;
                AnsiConsole.MarkupLine($"[bold]{hit.Rank}.[/] [blue]{Markup.Escape(Json.DisplayPath(hit.Source, cwd))}{Markup.Escape(section)}{page}[/] [grey](score {hit.Score:0.###})[/]");
                Console.WriteLine("   " + Snippet(hit.Text));
            }

            return CliRunner.Success;
        });
        return command;
    }

    private static string Snippet(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= 300 ? flat : flat[..300] + "…";
    }
}

internal static class CommonOptions
{
    public static Option<int> Top() => new("--top", "-k") { Description = "How many passages to retrieve (1–50).", DefaultValueFactory = _ => 5 };

    /// <summary>By name only (case-insensitive); anything else is a usage error naming the modes, not a .NET type name.</summary>
    public static SearchMode ParseMode(System.CommandLine.Parsing.ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : nameof(SearchMode.Hybrid);
        if (!token.All(char.IsAsciiDigit) && Enum.TryParse<SearchMode>(token, ignoreCase: true, out var mode) && Enum.IsDefined(mode)) return mode;
        var known = string.Join(", ", Enum.GetNames<SearchMode>().Select(n => n.ToLowerInvariant()));
        result.AddError($"--mode {token}: unknown mode (use one of {known})");
        return SearchMode.Hybrid;
    }

    public static int ValidateTop(int top) =>
        top is >= 1 and <= 50 ? top : throw new UsageException($"--top must be between 1 and 50 (got {top})");
}
