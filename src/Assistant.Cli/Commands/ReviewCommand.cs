using System.CommandLine;
using Assistant.Cli.Output;
using Assistant.Plugins.CodeReview;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Assistant.Cli.Commands;

/// <summary>`assistant review`: read the input, call <see cref="CodeReviewPlugin"/>, print. No reviewing happens here.</summary>
internal static class ReviewCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "FILE or DIFF (unified diff) to review, or - for standard input." };
        var lang = new Option<string?>("--lang") { Description = "Language hint such as csharp or python; default: from the file name." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (see README)." };
        var model = new Option<string?>("--model", "-m") { Description = "Chat model profile (see 'assistant models'). Review needs a model." };
        var command = new Command("review", "Review a file or a unified diff: findings with severity, line, category, message and suggestion.") { input, lang, json, model };
        command.SetAction(async (parse, ct) =>
        {
            using var services = CliHost.BuildServices(parse);
            var limit = services.GetRequiredService<IOptions<CodeReviewOptions>>().Value.MaxInputChars;
            var (code, name) = await PluginCommandSupport.ReadAsync(parse.GetValue(input)!, limit, services, extract: false, ct);
            using var session = await PluginCommandSupport.OpenAsync(services, parse.GetValue(model), ct);
            ReviewResult result;
            try
            {
                result = await session.Plugins.CodeReview.ReviewAsync(session.Kernel, code, parse.GetValue(lang), name, ct);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }

            if (parse.GetValue(json))
            {
                Json.Write(result);
                return CliRunner.Success;
            }

            Console.WriteLine(result.Summary);
            foreach (var f in result.Findings.OrderBy(f => f.Line))
            {
                Console.WriteLine($"  line {f.Line} [{f.Severity} {f.Category}] {f.Message}");
                if (f.Suggestion.Length > 0) Console.WriteLine($"      fix: {f.Suggestion}");
            }

            if (result.Findings.Count == 0) Console.WriteLine("  no findings");
            return CliRunner.Success;
        });
        return command;
    }
}
