using Microsoft.Extensions.AI;

namespace Assistant.Core.Models;

/// <summary>Keys our middleware writes into <c>ChatResponse.AdditionalProperties</c> (and stream updates).</summary>
public static class ModelResponseKeys
{
    public const string Profile = "profile";
    public const string FallbackFrom = "fallback_from";
    public const string FallbackReason = "fallback_reason";
    public const string TimeToFirstTokenMs = "time_to_first_token_ms";
    public const string TotalMs = "total_ms";
}

/// <summary>What the CLI's <c>ask --json</c> reports about one call, read back from a response.</summary>
public sealed record ModelCallInfo(
    string? Profile,
    string? FallbackFrom,
    string? ModelId,
    long? InputTokens,
    long? OutputTokens,
    long? TotalTokens,
    long? TimeToFirstTokenMs,
    long? TotalMs)
{
    public static ModelCallInfo From(ChatResponse response)
    {
        var p = response.AdditionalProperties;
        var usage = response.Usage;
        return new ModelCallInfo(
            Get<string>(p, ModelResponseKeys.Profile),
            Get<string>(p, ModelResponseKeys.FallbackFrom),
            response.ModelId,
            usage?.InputTokenCount,
            usage?.OutputTokenCount,
            usage?.TotalTokenCount ?? (usage?.InputTokenCount + usage?.OutputTokenCount),
            GetLong(p, ModelResponseKeys.TimeToFirstTokenMs),
            GetLong(p, ModelResponseKeys.TotalMs));
    }

    private static T? Get<T>(AdditionalPropertiesDictionary? p, string key) where T : class =>
        p is not null && p.TryGetValue(key, out var v) ? v as T : null;

    private static long? GetLong(AdditionalPropertiesDictionary? p, string key) =>
        p is not null && p.TryGetValue(key, out var v) && v is not null ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : null;
}
