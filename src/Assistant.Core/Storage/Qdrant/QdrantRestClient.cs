using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Assistant.Core.Storage.Qdrant;

/// <summary>Waits between retries; tests pass one that returns at once.</summary>
public delegate Task RetryDelay(TimeSpan delay, CancellationToken cancellationToken);

/// <summary>
/// A thin typed client for the parts of the Qdrant 1.19 REST API the knowledge store needs. Bodies are built as
/// JsonNodes so that what goes on the wire is exactly what the spec-validating tests see. Every operation it
/// sends is idempotent (deterministic point ids, deletes by filter), which is what makes blind retries safe.
/// </summary>
public sealed partial class QdrantRestClient
{
    private readonly HttpClient _http;
    private readonly QdrantOptions _options;
    private readonly ILogger _logger;
    private readonly RetryDelay _delay;
    private readonly string? _apiKey;
    private readonly Uri _baseUri;

    public QdrantRestClient(
        HttpClient http,
        QdrantOptions options,
        ILogger<QdrantRestClient>? logger = null,
        RetryDelay? delay = null,
        Func<string, string?>? getEnvironmentVariable = null)
    {
        _http = http;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _delay = delay ?? ((d, ct) => Task.Delay(d, ct));
        if (!Uri.TryCreate(options.Url.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri)
            || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Qdrant:Url '{options.Url}' is not an absolute http(s) URL.", nameof(options));
        }

        _baseUri = baseUri;
        if (!string.IsNullOrWhiteSpace(options.ApiKeyEnv))
        {
            _apiKey = (getEnvironmentVariable ?? Environment.GetEnvironmentVariable)(options.ApiKeyEnv);
            if (string.IsNullOrEmpty(_apiKey))
            {
                throw new InvalidOperationException(
                    $"Qdrant:ApiKeyEnv names the environment variable '{options.ApiKeyEnv}', but it is not set. Set it, or remove ApiKeyEnv for an unsecured Qdrant.");
            }
        }
    }

    public async Task<bool> CollectionExistsAsync(string collection, CancellationToken cancellationToken)
    {
        var result = await SendAsync(HttpMethod.Get, $"collections/{Esc(collection)}/exists", null, false, cancellationToken);
        return result?["exists"]?.GetValue<bool>() ?? false;
    }

    /// <returns>The collection info, or null when the collection does not exist.</returns>
    public Task<JsonNode?> GetCollectionInfoAsync(string collection, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"collections/{Esc(collection)}", null, true, cancellationToken);

    /// <summary>Drops a collection and its points; a missing collection is not an error.</summary>
    public Task DeleteCollectionAsync(string collection, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"collections/{Esc(collection)}", null, true, cancellationToken);

    public Task CreateCollectionAsync(string collection, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"collections/{Esc(collection)}", body, false, cancellationToken);

    /// <summary>PATCH /collections/{name} with an UpdateCollection body; "metadata" keys merge, null values remove keys.</summary>
    public Task UpdateCollectionAsync(string collection, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, $"collections/{Esc(collection)}", body, false, cancellationToken);

    /// <param name="schema">A PayloadSchemaType such as "keyword" or "integer".</param>
    public Task CreatePayloadIndexAsync(string collection, string field, string schema, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Put,
            $"collections/{Esc(collection)}/index?wait=true",
            new JsonObject { ["field_name"] = field, ["field_schema"] = schema },
            false,
            cancellationToken);

    /// <summary>Upserts in batches of UpsertBatchSize, each acknowledged only once applied (wait=true).</summary>
    public async Task UpsertAsync(string collection, IReadOnlyList<JsonObject> points, CancellationToken cancellationToken)
    {
        foreach (var batch in points.Chunk(_options.UpsertBatchSize))
        {
            // Points are deep-cloned because a JsonNode can have only one parent.
            var array = new JsonArray(batch.Select(p => (JsonNode?)p.DeepClone()).ToArray());
            await SendAsync(HttpMethod.Put, $"collections/{Esc(collection)}/points?wait=true", new JsonObject { ["points"] = array }, false, cancellationToken);
        }
    }

    public Task DeleteByFilterAsync(string collection, JsonObject filter, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Post,
            $"collections/{Esc(collection)}/points/delete?wait=true",
            new JsonObject { ["filter"] = filter.DeepClone() }, // callers may reuse their filter
            false,
            cancellationToken);

    /// <summary>Removes the named vectors (not the points) from every point matching <paramref name="filter"/>.</summary>
    public Task DeleteVectorsAsync(string collection, JsonObject filter, IReadOnlyList<string> vectorNames, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Post,
            $"collections/{Esc(collection)}/points/vectors/delete?wait=true",
            new JsonObject { ["filter"] = filter.DeepClone(), ["vector"] = new JsonArray(vectorNames.Select(n => (JsonNode?)n).ToArray()) },
            false,
            cancellationToken);

    /// <summary>POST /points: the points among <paramref name="ids"/> that exist (missing ids are simply absent).</summary>
    public async Task<JsonArray> RetrieveAsync(string collection, IEnumerable<JsonNode> ids, JsonNode withPayload, JsonNode withVector, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["ids"] = new JsonArray(ids.Select(i => (JsonNode?)i.DeepClone()).ToArray()),
            ["with_payload"] = withPayload.DeepClone(),
            ["with_vector"] = withVector.DeepClone(),
        };
        var result = await SendAsync(HttpMethod.Post, $"collections/{Esc(collection)}/points", body, false, cancellationToken);
        return result as JsonArray ?? [];
    }

    /// <summary>POST /points/query with a QueryRequest body; returns the scored points.</summary>
    public async Task<JsonArray> QueryAsync(string collection, JsonObject request, CancellationToken cancellationToken)
    {
        var result = await SendAsync(HttpMethod.Post, $"collections/{Esc(collection)}/points/query", request, false, cancellationToken);
        return result?["points"] as JsonArray ?? [];
    }

    /// <summary>One page of POST /points/scroll; NextOffset is null after the last page.</summary>
    public async Task<(JsonArray Points, JsonNode? NextOffset)> ScrollAsync(string collection, JsonObject request, CancellationToken cancellationToken)
    {
        var result = await SendAsync(HttpMethod.Post, $"collections/{Esc(collection)}/points/scroll", request, false, cancellationToken);
        return (result?["points"] as JsonArray ?? [], result?["next_page_offset"]?.DeepClone());
    }

    public async Task<long> CountAsync(string collection, JsonObject? filter, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["exact"] = true };
        if (filter is not null)
        {
            body["filter"] = filter.DeepClone();
        }

        var result = await SendAsync(HttpMethod.Post, $"collections/{Esc(collection)}/points/count", body, false, cancellationToken);
        return result?["count"]?.GetValue<long>() ?? 0;
    }

    private static string Esc(string collection) => Uri.EscapeDataString(collection);

    /// <returns>The envelope's "result", or null for a 404 when <paramref name="allowNotFound"/>.</returns>
    private async Task<JsonNode?> SendAsync(HttpMethod method, string relative, JsonObject? body, bool allowNotFound, CancellationToken cancellationToken)
    {
        var uri = new Uri(_baseUri, relative);
        var json = body?.ToJsonString();
        for (var attempt = 0; ; attempt++)
        {
            var retryable = await TrySendOnceAsync(method, uri, json, allowNotFound, cancellationToken);
            if (retryable.Error is null)
            {
                return retryable.Result;
            }

            if (!retryable.Transient || attempt >= _options.MaxRetries)
            {
                throw retryable.Error;
            }

            var wait = TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt));
            LogRetry(_logger, method.Method, uri.GetLeftPart(UriPartial.Path), attempt + 1, _options.MaxRetries, retryable.Error.Message);
            await _delay(wait, cancellationToken);
        }
    }

    private async Task<(JsonNode? Result, QdrantException? Error, bool Transient)> TrySendOnceAsync(
        HttpMethod method, Uri uri, string? json, bool allowNotFound, CancellationToken cancellationToken)
    {
        var where = $"{method.Method} {uri.GetLeftPart(UriPartial.Path)}";
        using var request = new HttpRequestMessage(method, uri);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (_apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("api-key", _apiKey);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return (ParseEnvelope(text)?["result"], null, false);
            }

            if (allowNotFound && response.StatusCode == HttpStatusCode.NotFound)
            {
                return (null, null, false);
            }

            var message = $"Qdrant {where} failed with HTTP {status}: {ErrorText(text)}";
            var transient = status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests;
            return (null, new QdrantException(message, status), transient);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, new QdrantException($"Qdrant {where} timed out after {_options.TimeoutSeconds}s.", null, ex), true);
        }
        catch (HttpRequestException ex)
        {
            return (null, new QdrantException($"Qdrant {where} could not be reached: {ex.Message}", null, ex), true);
        }
    }

    private static JsonNode? ParseEnvelope(string text)
    {
        try
        {
            return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new QdrantException("Qdrant answered with a body that is not JSON: " + Truncate(text), null, ex);
        }
    }

    /// <summary>Qdrant's ErrorResponse puts the message in status.error; fall back to the raw body.</summary>
    private static string ErrorText(string body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject o && o["status"] is JsonObject s && s["error"] is JsonValue e)
            {
                return e.ToString();
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return string.IsNullOrWhiteSpace(body) ? "(empty body)" : Truncate(body);
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Qdrant {Method} {Url} failed (retry {Attempt} of {MaxRetries}): {Error}")]
    private static partial void LogRetry(ILogger logger, string method, string url, int attempt, int maxRetries, string error);
}
