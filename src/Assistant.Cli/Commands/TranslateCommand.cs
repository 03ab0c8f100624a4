using System.CommandLine;
using Assistant.Cli.Output;
using Assistant.Plugins.Translate;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Assistant.Cli.Commands;

/// <summary>`assistant translate`: read the input, call <see cref="TranslatePlugin"/>, print. No translating happens here.</summary>
internal static class TranslateCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "FILE to translate (plain text or Markdown), or - for standard input." };
        var to = new Option<string>("--to") { Description = "Target language: ko, en, ja, zh, es, fr or de.", Required = true };
        var from = new Option<string?>("--from") { Description = "Source language; default: detect Korean or English." };
        var glossary = new Option<FileInfo?>("--glossary") { Description = "FILE of fixed term translations, one 'source = target' per line (or a JSON object)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (see README)." };
        var model = new Option<string?>("--model", "-m") { Description = "Chat model profile (see 'assistant models'). Translation needs a model." };
        var command = new Command("translate", "Translate a text or Markdown file, keeping code, URLs, numbers, {placeholders} and glossary terms exactly.")
        {
            input, to, from, glossary, json, model,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var services = CliHost.BuildServices(parse);
            var options = services.GetRequiredService<IOptions<TranslateOptions>>().Value;
            var (text, _) = await PluginCommandSupport.ReadAsync(parse.GetValue(input)!, options.MaxInputChars, services, extract: false, ct);
            string? glossaryText = null;
            if (parse.GetValue(glossary) is { } file)
            {
                if (!file.Exists) throw new UsageException($"--glossary {file.FullName}: no such file");
                if (file.Length > 1_000_000) throw new UsageException($"--glossary {file.FullName}: over 1 MB");
                glossaryText = await File.ReadAllTextAsync(file.FullName, ct);
            }

            using var session = await PluginCommandSupport.OpenAsync(services, parse.GetValue(model), ct);
            TranslationResult result;
            try
            {
                var terms = Glossary.Parse(glossaryText, options.MaxGlossaryTerms);
                result = await session.Plugins.Translate.TranslateAsync(session.Kernel, text, parse.GetValue(to)!, parse.GetValue(from), terms, ct);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }

            if (parse.GetValue(json)) Json.Write(result);
            else Console.WriteLine(result.Translation);
            return CliRunner.Success;
        });
        return command;
    }
}
