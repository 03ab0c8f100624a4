using System.CommandLine;
using Assistant.Cli.Output;
using Assistant.Core.Answering;
using Assistant.Core.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Assistant.Cli.Commands;

internal static class AskCommand
{
    public static Command Create()
    {
        var question = new Argument<string>("question") { Description = "Your question, in any language the documents use." };
        var top = CommonOptions.Top();
        var json = new Option<bool>("--json") { Description = "Print the answer and its sources as JSON (see README)." };

        var command = new Command("ask", "Answer a question from the indexed documents, with numbered citations.") { question, top, json };
        command.SetAction(async (parse, ct) =>
        {
            var k = CommonOptions.ValidateTop(parse.GetValue(top));
            using var services = CliHost.BuildServices(parse);
            await CorpusBootstrap.EnsureIndexedAsync(services, ct);
            var text = parse.GetValue(question)!;
            if (string.IsNullOrWhiteSpace(text)) throw new UsageException("the question is empty");

            var hits = await services.GetRequiredService<KnowledgeRetriever>().SearchAsync(text, k, SearchMode.Hybrid, null, ct);
            var answer = services.GetRequiredService<ExtractiveAnswerer>().Answer(text, hits) with
            {
                Notice = "No chat model is configured, so this answer quotes the documents. Set Models:DefaultChat (see README) for generated answers.",
            };

            var cwd = Directory.GetCurrentDirectory();
            if (parse.GetValue(json))
            {
                Json.Write(Json.Ask(answer, cwd));
                return CliRunner.Success;
            }

            PrintAnswer(answer, cwd);
            return CliRunner.Success;
        });
        return command;
    }

    internal static void PrintAnswer(AnswerResult answer, string cwd)
    {
        Console.WriteLine(answer.Answer);
        if (!answer.Found) return;
        Console.WriteLine();
        var cited = answer.Sources.Where(s => answer.Answer.Contains($"[{s.N}]", StringComparison.Ordinal));
        foreach (var source in cited)
        {
            var page = source.Hit.Page is { } p ? $", page {p}" : string.Empty;
            var section = source.Hit.Section.Length > 0 ? $" — {source.Hit.Section}" : string.Empty;
            AnsiConsole.MarkupLine($"[grey][[{source.N}]] {Markup.Escape(Json.DisplayPath(source.Hit.Source, cwd) + section + page)}[/]");
        }

        if (answer.Notice is not null) AnsiConsole.MarkupLine($"[grey]{Markup.Escape(answer.Notice)}[/]");
    }
}
