using System.CommandLine;
using Assistant.Cli.Output;
using Assistant.Core.Answering;
using Assistant.Core.Models;
using Assistant.Core.Prompts;
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
        var model = new Option<string?>("--model", "-m") { Description = "Chat model profile for this question (see 'assistant models'); default Models:DefaultChat." };

        var command = new Command("ask", "Answer a question from the indexed documents, with numbered citations.") { question, top, json, model };
        var filters = new FilterOptions();
        filters.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var k = CommonOptions.ValidateTop(parse.GetValue(top));
            using var services = CliHost.BuildServices(parse);
            await CorpusBootstrap.EnsureIndexedAsync(services, ct);
            var text = parse.GetValue(question)!;
            if (string.IsNullOrWhiteSpace(text)) throw new UsageException("the question is empty");

            var hits = await services.GetRequiredService<KnowledgeRetriever>().SearchAsync(text, k, SearchMode.Hybrid, filters.Read(parse), ct);
            var asJson = parse.GetValue(json);
            var cwd = Directory.GetCurrentDirectory();
            var chat = await ChatModelSelector.SelectAsync(services, parse.GetValue(model), ct);
            AnswerResult answer;
            if (chat is null)
            {
                answer = (await services.GetRequiredService<ExtractiveAnswerer>().AnswerAsync(text, hits, ct)) with
                {
                    Notice = "No chat model is configured or reachable, so this answer quotes the documents. Set Models:DefaultChat to a profile (see 'assistant models' and the README) for generated answers.",
                };
            }
            else
            {
                try
                {
                    var answerer = new GenerativeAnswerer(PromptTemplate.Load("Answer", "Grounded"), TimeProvider.System);
                    answer = await answerer.AnswerAsync(chat.Client, text, hits, onToken: asJson ? null : Console.Write, cancellationToken: ct);
                    answer = answer with { Profile = answer.Profile ?? chat.Profile };
                    if (!asJson) Console.WriteLine();
                }
                catch (ModelException ex)
                {
                    Console.Error.WriteLine($"error: {ex.Message}");
                    return CliRunner.PartialFailure;
                }
                finally
                {
                    chat.Client.Dispose();
                }
            }

            if (asJson)
            {
                Json.Write(Json.Ask(answer, cwd));
                return CliRunner.Success;
            }

            PrintAnswer(answer, cwd, answerAlreadyPrinted: chat is not null);
            return CliRunner.Success;
        });
        return command;
    }

    internal static void PrintAnswer(AnswerResult answer, string cwd, bool answerAlreadyPrinted = false)
    {
        if (!answerAlreadyPrinted) Console.WriteLine(answer.Answer);
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
        if (answer.Model is not null)
        {
            var usage = answer.Usage is { } u ? $", {u.InputTokens} in / {u.OutputTokens} out tokens" : string.Empty;
            var fallback = answer.FallbackFrom is { } f ? $", fell back from {f}" : string.Empty;
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape($"{answer.Profile} ({answer.Model}){fallback}{usage}, first token {answer.TimeToFirstTokenMs:0} ms, total {answer.TotalMs:0} ms")}[/]");
        }
    }
}
