using System.Text.Json;
using Microsoft.SemanticKernel;

namespace Assistant.Plugins.Sentiment;

/// <summary>A model's reply that is still not valid sentiment JSON after the one repair retry.</summary>
public sealed class SentimentModelOutputException(string message) : InvalidOperationException(message);

/// <summary>
/// Model mode: the <c>Sentiment/Analyze</c> prompt through the Kernel, its reply parsed and checked against
/// <see cref="SentimentSchema"/>. A reply that fails gets one repair turn (<c>Sentiment/Repair</c>: the same request,
/// the rejected reply, and why it was rejected); a second failure is an error, never a guess.
/// </summary>
internal sealed class ModelSentimentAnalyzer(KernelFunction analyze, KernelFunction repair)
{
    public async Task<SentimentResult> AnalyzeAsync(Kernel kernel, string text, string? language, CancellationToken cancellationToken)
    {
        var arguments = new KernelArguments
        {
            ["text"] = text,
            ["language"] = language ?? "auto",
            ["schema"] = SentimentSchema.Text,
        };
        var reply = (await kernel.InvokeAsync(analyze, arguments, cancellationToken)).GetValue<string>() ?? string.Empty;
        if (TryRead(reply, language, out var result, out var error)) return result;

        var repairArguments = new KernelArguments(arguments) { ["previous"] = reply, ["error"] = error };
        var second = (await kernel.InvokeAsync(repair, repairArguments, cancellationToken)).GetValue<string>() ?? string.Empty;
        if (TryRead(second, language, out result, out var secondError)) return result;
        throw new SentimentModelOutputException($"the model's sentiment reply is not valid JSON for the schema, even after one repair retry: {secondError}");
    }

    internal static bool TryRead(string reply, string? language, out SentimentResult result, out string error)
    {
        result = null!;
        if (!SentimentSchema.Reply.TryRead(reply, out var root, out error)) return false;
        result = new SentimentResult
        {
            Label = root.GetProperty("label").GetString()!,
            Score = root.GetProperty("score").GetDouble(),
            Confidence = root.GetProperty("confidence").GetDouble(),
            Phrases = [.. root.GetProperty("phrases").EnumerateArray().Select(p => p.GetString()!)],
            Aspects = [.. root.GetProperty("aspects").EnumerateArray().Select(a => new AspectSentiment(a.GetProperty("aspect").GetString()!, a.GetProperty("label").GetString()!, a.GetProperty("score").GetDouble()))],
            // A language the caller named wins over the model's guess.
            Language = language ?? root.GetProperty("language").GetString()!,
            Mode = SentimentResult.GenerativeMode,
        };
        error = string.Empty;
        return true;
    }
}
