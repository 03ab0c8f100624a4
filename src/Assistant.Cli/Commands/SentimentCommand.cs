using System.CommandLine;
using System.Text.Json;
using Assistant.Cli.Output;
using Assistant.Core.Answering;
using Assistant.Core.KernelHost;
using Assistant.Plugins.Sentiment;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Assistant.Cli.Commands;

/// <summary>`assistant sentiment`: read the input, call <see cref="SentimentPlugin"/>, print. No analysis happens here.</summary>
internal static class SentimentCommand
{
    /// <summary>JSON Lines: one compact object per line.</summary>
    private static readonly JsonSerializerOptions Lines = new(Json.Options) { WriteIndented = false };

    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "The text itself, a FILE holding it, or - to read standard input." };
        var batch = new Option<bool>("--batch") { Description = "One text per line in, one JSON object per line out (JSON Lines); progress on stderr." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (see README)." };
        var model = new Option<string?>("--model", "-m") { Description = "Chat model profile (see 'assistant models'); without any model the offline lexicon analyser is used." };
        var command = new Command("sentiment", "Sentiment of Korean or English text: label, score, confidence, phrases, aspects.") { input, batch, json, model };
        command.SetAction(async (parse, ct) =>
        {
            var text = await ReadInputAsync(parse.GetValue(input)!, ct);
            var asBatch = parse.GetValue(batch);
            var configuration = CliHost.BuildConfiguration(parse);
            using var services = CliHost.BuildServices(configuration);
            var options = configuration.GetSection(SentimentOptions.SectionName).Get<SentimentOptions>() ?? new SentimentOptions();
            var prompts = services.GetRequiredService<PromptLibrary>();

            ChatSelection selection;
            try
            {
                selection = await services.GetRequiredService<IChatModelSelector>().SelectAsync(parse.GetValue(model), ct);
            }
            catch (UnknownModelProfileException ex)
            {
                throw new UsageException($"--model {ex.Profile}: no such profile (known: {string.Join(", ", ex.Known)})");
            }

            using var chat = selection.Chat;
            if (selection.Notice is not null) Console.Error.WriteLine(selection.Notice);
            if (chat is null) Console.Error.WriteLine("No chat model configured: using the offline lexicon analyser (mode \"lexicon\").");
            var kernel = chat is null ? new Kernel() : services.GetRequiredService<AssistantKernelFactory>().Create(chat.Client);
            try
            {
                var plugin = new SentimentPlugin(options, prompts.Plugins.FirstOrDefault(p => p.Name == SentimentPlugin.PluginName));
                if (asBatch)
                {
                    var texts = text.ReplaceLineEndings("\n").Split('\n').Where(l => l.Trim().Length > 0).ToList();
                    await plugin.AnalyzeBatchAsync(kernel, texts, null, new LineProgress(), ct);
                    return CliRunner.Success;
                }

                var result = await plugin.AnalyzeAsync(kernel, text, null, ct);
                if (parse.GetValue(json)) Json.Write(ToJson(result));
                else Print(result);
                return CliRunner.Success;
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }
        });
        return command;
    }

    private static async Task<string> ReadInputAsync(string input, CancellationToken ct)
    {
        if (input == "-") return await Console.In.ReadToEndAsync(ct);
        return File.Exists(input) ? await File.ReadAllTextAsync(input, ct) : input;
    }

    internal static SentimentJson ToJson(SentimentResult r) =>
        new(r.Label, r.Score, r.Confidence, r.Phrases, [.. r.Aspects.Select(a => new AspectJson(a.Aspect, a.Label, a.Score))], r.Language, r.Mode);

    private static void Print(SentimentResult r)
    {
        Console.WriteLine($"{r.Label} (score {r.Score:0.00}, confidence {r.Confidence:0.00}, {r.Language}, {r.Mode})");
        if (r.Phrases.Count > 0) Console.WriteLine($"  phrases: {string.Join(" | ", r.Phrases)}");
        foreach (var a in r.Aspects) Console.WriteLine($"  {a.Aspect}: {a.Label} ({a.Score:0.00})");
    }

    /// <summary>Prints each result as it is done (stdout) and the count so far (stderr), synchronously and in order.</summary>
    private sealed class LineProgress : IProgress<SentimentBatchProgress>
    {
        public void Report(SentimentBatchProgress value)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(ToJson(value.Latest), Lines));
            Console.Error.WriteLine($"sentiment: {value.Done}/{value.Total}");
        }
    }
}

internal sealed record SentimentJson(string Label, double Score, double Confidence, IReadOnlyList<string> Phrases, IReadOnlyList<AspectJson> Aspects, string Language, string Mode);

internal sealed record AspectJson(string Aspect, string Label, double Score);
