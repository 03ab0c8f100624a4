using System.CommandLine;
using Assistant.Cli.Output;
using Assistant.Core.Answering;
using Assistant.Core.Ingestion;
using Assistant.Core.Models;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Assistant.Cli.Commands;

/// <summary>`assistant ask`: parse, call <see cref="AnswerService"/>, print (tokens as they stream, or JSON).</summary>
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
            // Resolving the service loads and checks prompts/ first: a broken prompt stops here, before any ingest or search.
            var answers = services.GetRequiredService<AnswerService>();
            if (await services.GetRequiredService<SampleCorpusBootstrap>().EnsureIndexedAsync(Console.Error.WriteLine, ct) == BootstrapOutcome.Empty) return CliRunner.PartialFailure;
            var text = parse.GetValue(question)!;
            if (string.IsNullOrWhiteSpace(text)) throw new UsageException("the question is empty");

            var asJson = parse.GetValue(json);
            var streamed = false;
            var request = new AnswerRequest(text)
            {
                Top = k,
                Filter = filters.Read(parse),
                Profile = parse.GetValue(model),
                OnToken = asJson ? null : piece =>
                {
                    streamed = true;
                    Console.Write(piece);
                },
                OnWarning = Console.Error.WriteLine,
                OnWaiting = WaitingLine.ForStandardError().Show,
            };

            AnswerResult answer;
            try
            {
                answer = await answers.AnswerAsync(request, ct);
            }
            catch (UnknownModelProfileException ex)
            {
                throw new UsageException($"--model {ex.Profile}: no such profile (known: {string.Join(", ", ex.Known)})");
            }
            catch (ModelException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return CliRunner.PartialFailure;
            }

            var cwd = Directory.GetCurrentDirectory();
            if (asJson)
            {
                Json.Write(Json.Ask(answer, cwd));
                return CliRunner.Success;
            }

            // A generated answer was printed as it streamed (nothing streams when there were no passages).
            var generative = answer.Mode == AnswerResult.GenerativeMode;
            if (generative && streamed) Console.WriteLine();
            PrintAnswer(answer, cwd, answerAlreadyPrinted: generative && streamed);
            return CliRunner.Success;
        });
        return command;
    }

    internal static void PrintAnswer(AnswerResult answer, string cwd, bool answerAlreadyPrinted = false)
    {
        if (!answerAlreadyPrinted) Console.WriteLine(answer.Answer);
        // A remark about how the answer was made, not part of it: stderr, so stdout holds only the answer and sources.
        if (answer.Notice is not null) Console.Error.WriteLine(answer.Notice);
        if (!answer.Found)
        {
            PrintRemovedCitations(answer);
            return;
        }

        Console.WriteLine();
        var cited = answer.Sources.Where(s => answer.Answer.Contains($"[{s.N}]", StringComparison.Ordinal));
        foreach (var source in cited)
        {
            var page = source.Hit.Page is { } p ? $", page {p}" : string.Empty;
            var section = source.Hit.Section.Length > 0 ? $" — {source.Hit.Section}" : string.Empty;
            var unsupported = answer.CitationChecks.Any(c => c.N == source.N && !c.Supported) ? " (not supported by its passage)" : string.Empty;
            AnsiConsole.MarkupLine($"[grey][[{source.N}]] {Markup.Escape(Json.DisplayPath(source.Hit.Source, cwd) + section + page + unsupported)}[/]");
        }

        PrintRemovedCitations(answer);
        if (answer.Model is not null)
        {
            var usage = answer.Usage is { } u ? $", {u.InputTokens} in / {u.OutputTokens} out tokens" : string.Empty;
            var fallback = answer.FallbackFrom is { } f ? $", fell back from {f}" : string.Empty;
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape($"{answer.Profile} ({answer.Model}){fallback}{usage}, first token {answer.TimeToFirstTokenMs:0} ms, total {answer.TotalMs:0} ms")}[/]");
        }
    }

    // A streamed answer already showed these markers; say they pointed at nothing.
    private static void PrintRemovedCitations(AnswerResult answer)
    {
        if (answer.RemovedCitations.Count == 0) return;
        var removed = string.Join(", ", answer.RemovedCitations.Select(n => $"[{n}]"));
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape($"{removed}: no such passage was given; removed from the answer")}[/]");
    }
}
