using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace Assistant.Core.Models.Http;

/// <summary>
/// Turns HTTP failures from any provider into a <see cref="ModelException"/> with a message that says
/// how to fix it. Error bodies differ per provider (Ollama <c>{"error":"..."}</c>, OpenAI
/// <c>{"error":{"message",...}}</c>, Anthropic <c>{"type":"error","error":{...}}</c>), so all three are read.
/// </summary>
internal static class ModelErrorMapper
{
    private const int MaxDetailLength = 300;

    public static ModelException FromResponse(ModelCallContext ctx, int status, HttpResponseHeaders? headers, string body, DateTimeOffset now, string? secret)
    {
        var detail = Redact(ExtractMessage(body), secret);
        var who = $"{ctx.Provider} profile '{ctx.Profile}' ({ctx.Endpoint})";
        var suffix = string.IsNullOrWhiteSpace(detail) ? "" : $" Server said: {detail}";
        var lowered = (detail + " " + body).ToLowerInvariant();

        ModelErrorKind kind;
        string message;
        if (status == 401)
        {
            kind = ModelErrorKind.Unauthorized;
            message = $"The server rejected the API key for {who} (401 Unauthorized). Check the key in environment variable {ctx.ApiKeyEnv ?? "(none configured: set ApiKeyEnv on the profile)"}.";
        }
        else if (status == 403)
        {
            kind = ModelErrorKind.Forbidden;
            message = $"Access denied for {who} (403 Forbidden): the key in {ctx.ApiKeyEnv ?? "(no ApiKeyEnv)"} has no access to model '{ctx.Model}' or this endpoint.";
        }
        else if (status == 404 && ctx.IsOllama)
        {
            kind = ModelErrorKind.ModelNotFound;
            message = $"Model '{ctx.Model}' is not installed on the Ollama server at {ctx.Endpoint}. Run `ollama pull {ctx.Model}` or pick an installed model (`ollama list`).";
        }
        else if (status == 404)
        {
            kind = ModelErrorKind.ModelNotFound;
            message = $"Model '{ctx.Model}' or its endpoint was not found for {who} (404). Check the profile's Model and Endpoint.";
        }
        else if (status == 429)
        {
            kind = ModelErrorKind.RateLimited;
            message = $"Rate limited by {who} (429). Wait and retry, or check your quota.";
        }
        else if (LooksLikeContextLength(lowered))
        {
            kind = ModelErrorKind.ContextLengthExceeded;
            message = $"The prompt is longer than the context window of model '{ctx.Model}' ({who}). Ask about less text, lower retrieval top-k, or choose a model with a larger context.";
        }
        else if (lowered.Contains("content_filter") || lowered.Contains("content management policy") || lowered.Contains("responsibleaipolicyviolation"))
        {
            kind = ModelErrorKind.ContentFiltered;
            message = $"The request was blocked by the content filter of {who}.";
        }
        else if (status is 408)
        {
            kind = ModelErrorKind.Timeout;
            message = $"The server timed out handling the request for {who} (408).";
        }
        else if (status >= 500)
        {
            kind = ModelErrorKind.ServerError;
            message = $"Server error {status} from {who}.";
        }
        else
        {
            kind = ModelErrorKind.BadRequest;
            message = $"The request was rejected by {who} ({status}).";
        }

        return new ModelException(kind, message + suffix)
        {
            Profile = ctx.Profile,
            StatusCode = status,
            RetryAfter = ParseRetryAfter(headers, now),
            Reason = kind switch
            {
                ModelErrorKind.ModelNotFound => $"model '{ctx.Model}' not found (HTTP {status})",
                ModelErrorKind.Unauthorized => $"key in {ctx.ApiKeyEnv ?? "(no ApiKeyEnv)"} rejected (HTTP 401)",
                _ => $"HTTP {status}",
            },
        };
    }

    public static ModelException Unreachable(ModelCallContext ctx, Exception inner, string? secret)
    {
        var hint = ctx.IsOllama ? " Is Ollama running? Start it with `ollama serve`." : " Is the server running and the Endpoint right?";
        return new ModelException(
            ModelErrorKind.ServerUnreachable,
            $"Cannot reach the {ctx.Provider} server for profile '{ctx.Profile}' at {ctx.Endpoint}: {Redact(inner.Message, secret)}.{hint}",
            inner)
        {
            Profile = ctx.Profile,
            Reason = ctx.IsOllama ? $"not running at {ctx.Where}" : $"unreachable at {ctx.Where}",
        };
    }

    /// <summary>
    /// The server did not accept a TCP connection within the profile's ConnectTimeoutSeconds. Not retried: the
    /// operating system already resent the connection request during that time, and each retry would cost as much again.
    /// </summary>
    public static ModelException ConnectTimedOut(ModelCallContext ctx, ModelConnectTimeoutException inner)
    {
        var seconds = $"{inner.Limit.TotalSeconds:0.###} s";
        return new ModelException(
            ModelErrorKind.ServerUnreachable,
            $"No connection to the {ctx.Provider} server for profile '{ctx.Profile}' at {ctx.Endpoint} within {seconds}. Is the Endpoint right and the host up? "
            + $"Raise Models:Profiles:{ctx.Profile}:ConnectTimeoutSeconds if the network is just slow.",
            inner)
        {
            Profile = ctx.Profile,
            Reason = $"no connection within {seconds} to {ctx.Where}",
            DoNotRetry = true,
        };
    }

    public static ModelException StreamInterrupted(ModelCallContext ctx, string why, Exception? inner = null) =>
        new(ModelErrorKind.StreamInterrupted,
            $"The answer stream from {ctx.Provider} profile '{ctx.Profile}' ({ctx.Endpoint}) was cut off before it finished: {why}. The partial answer was discarded; try again.",
            inner)
        { Profile = ctx.Profile, Reason = $"stream cut off ({why})" };

    /// <summary>An error object sent inside a 200 stream (Ollama NDJSON, Anthropic <c>event: error</c>).</summary>
    public static ModelException FromStreamError(ModelCallContext ctx, string detail)
    {
        var lowered = detail.ToLowerInvariant();
        var kind = LooksLikeContextLength(lowered) ? ModelErrorKind.ContextLengthExceeded
            : lowered.Contains("overloaded") || lowered.Contains("rate") ? ModelErrorKind.RateLimited
            : ModelErrorKind.ServerError;
        return new ModelException(kind, $"The {ctx.Provider} server reported an error for profile '{ctx.Profile}' ({ctx.Endpoint}): {Truncate(detail)}")
        { Profile = ctx.Profile, Reason = "error inside the answer stream" };
    }

    /// <summary>Connection refused, DNS failure, reset before a response: the server could not be talked to at all.</summary>
    public static bool IsConnectFailure(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
        || e.InnerException is SocketException or IOException;

    internal static TimeSpan? ParseRetryAfter(HttpResponseHeaders? headers, DateTimeOffset now)
    {
        if (headers is null)
        {
            return null;
        }

        // OpenAI and Azure send a millisecond variant that is more precise than Retry-After.
        if (headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        if (headers.RetryAfter is { } ra)
        {
            if (ra.Delta is { } delta)
            {
                return delta;
            }

            if (ra.Date is { } date)
            {
                var wait = date - now;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        // Fractional seconds ("1.5") are not valid for RetryConditionHeaderValue but some servers send them.
        if (headers.TryGetValues("retry-after", out var raw)
            && double.TryParse(raw.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var secs) && secs >= 0)
        {
            return TimeSpan.FromSeconds(secs);
        }

        return null;
    }

    internal static string ExtractMessage(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "";
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0)
            {
                root = root[0];
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return Truncate(error.GetString() ?? "");
                }

                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var msg) && msg.ValueKind == JsonValueKind.String)
                {
                    var type = error.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() + ": " : "";
                    return Truncate(type + msg.GetString());
                }
            }
        }
        catch (JsonException)
        {
        }

        return Truncate(body.Trim());
    }

    internal static string Redact(string text, string? secret) =>
        string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(text) ? text : text.Replace(secret, "***", StringComparison.Ordinal);

    private static bool LooksLikeContextLength(string lowered) =>
        lowered.Contains("context_length_exceeded") || lowered.Contains("context length") || lowered.Contains("maximum context")
        || lowered.Contains("prompt is too long") || lowered.Contains("context window") || lowered.Contains("too many tokens");

    private static string Truncate(string s) => s.Length <= MaxDetailLength ? s : s[..MaxDetailLength] + "…";
}
