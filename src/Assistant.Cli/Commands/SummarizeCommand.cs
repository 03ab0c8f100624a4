using System.CommandLine;
using Assistant.Cli.Output;
using Assistant.Plugins.Summarize;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Assistant.Cli.Commands;

/// <summary>`assistant summarize`: read the input, call <see cref="SummarizePlugin"/>, print. No summarising happens here.</summary>
internal static class SummarizeCommand
{
    public static Command Create()
    {
        var input = new Argument<string?>("input") { Description = "FILE to summarize (.md, .txt, .html, .docx, .pdf), or - for standard input. Omit with --doc or --query.", Arity = ArgumentArity.ZeroOrOne };
        var doc = new Option<string?>("--doc") { Description = "Summarize an indexed document by its id (see 'assistant docs')." };
        var query = new Option<string?>("--query", "-q") { Description = "Summarize the indexed documents a search finds." };
        var length = new Option<string?>("--length") { Description = "short, medium (default), long, or a word budget such as 120." };
        var style = new Option<string?>("--style") { Description = "bullets (default), paragraph or tldr." };
        var lang = new Option<string?>("--lang") { Description = "Language of the summary (ko, en, ...); default: the source's." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (see README)." };
        var model = new Option<string?>("--model", "-m") { Description = "Chat model profile; without any model the summary is extractive (offline sentence ranking)." };
        var knowledgeBase = new Option<string?>("--kb") { Description = "With --doc or --query: only this knowledge base's documents (as given to 'ingest --kb')." };
        var command = new Command("summarize", "Summarize a file, standard input, or indexed documents; each point cites the source parts it came from.")
        {
            input, doc, query, length, style, lang, json, model, knowledgeBase,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(input);
            var (docId, search) = (parse.GetValue(doc), parse.GetValue(query));
            var fromKnowledgeBase = docId is not null || search is not null;
            if (path is null == !fromKnowledgeBase) throw new UsageException("give a FILE, - for standard input, --doc ID or --query Q (one of them)");
            var kb = parse.GetValue(knowledgeBase);
            if (kb is { Length: 0 }) throw new UsageException("--kb needs a knowledge base name");
            if (kb is not null && !fromKnowledgeBase) throw new UsageException("--kb goes with --doc or --query (a FILE is not in a knowledge base)");

            using var services = CliHost.BuildServices(parse);
            using var session = await PluginCommandSupport.OpenAsync(services, parse.GetValue(model), ct, kb);
            SummaryResult result;
            try
            {
                if (fromKnowledgeBase)
                {
                    result = await session.Plugins.Summarize.SummarizeDocumentsAsync(session.Kernel, docId, search, parse.GetValue(length), parse.GetValue(style), parse.GetValue(lang), ct);
                }
                else
                {
                    var limit = services.GetRequiredService<IOptions<SummarizeOptions>>().Value.MaxInputChars;
                    var (text, title) = await PluginCommandSupport.ReadAsync(path!, limit, services, extract: true, ct);
                    result = await session.Plugins.Summarize.SummarizeTextAsync(session.Kernel, text, title, parse.GetValue(length), parse.GetValue(style), parse.GetValue(lang), ct);
                }
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }

            if (result.Mode == SummaryResult.ExtractiveMode) Console.Error.WriteLine("No chat model configured: extractive summary (mode \"extractive\").");
            if (parse.GetValue(json))
            {
                Json.Write(result);
                return CliRunner.Success;
            }

            Console.WriteLine(result.Summary);
            Console.WriteLine();
            foreach (var s in result.Sources)
            {
                var where = string.Join(" > ", new[] { s.Title, s.Section }.Where(x => !string.IsNullOrEmpty(x)));
                Console.WriteLine($"[{s.N}] {(where.Length > 0 ? where + ", " : string.Empty)}characters {s.Start}-{s.End}{(s.DocumentId is null ? string.Empty : $" (doc {s.DocumentId})")}");
            }

            return CliRunner.Success;
        });
        return command;
    }
}
