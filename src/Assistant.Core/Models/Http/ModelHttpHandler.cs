namespace Assistant.Core.Models.Http;

/// <summary>
/// Sits under every connector's HttpClient (ours or an SDK's) so that all providers fail the same way:
/// connect failures, non-2xx answers, cut-off SSE/NDJSON streams and error lines inside a stream become <see cref="ModelException"/>s
/// before any SDK sees them, and the key is scrubbed from every message.
/// </summary>
internal sealed class ModelHttpHandler : DelegatingHandler
{
    private const int MaxErrorBodyChars = 16_000;
    private readonly ModelCallContext _context;
    private readonly string? _secret;
    private readonly TimeProvider _time;

    public ModelHttpHandler(ModelCallContext context, string? secret, TimeProvider? time = null, HttpMessageHandler? inner = null)
        : base(inner ?? ModelHttpTransport.CreateHandler())
    {
        _context = context;
        _secret = secret;
        _time = time ?? TimeProvider.System;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_context.ConnectTimeout is { } connectTimeout)
        {
            ModelHttpTransport.SetConnectTimeout(request, connectTimeout);
        }

        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e) when (e.InnerException is ModelConnectTimeoutException timeout)
        {
            throw ModelErrorMapper.ConnectTimedOut(_context, timeout);
        }
        catch (HttpRequestException e) when (ModelErrorMapper.IsConnectFailure(e))
        {
            throw ModelErrorMapper.Unreachable(_context, e, _secret);
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                var body = await ReadLimitedAsync(response.Content, cancellationToken);
                throw ModelErrorMapper.FromResponse(_context, (int)response.StatusCode, response.Headers, body, _time.GetUtcNow(), _secret);
            }
        }

        if (EmbeddingOrder.Applies(request, response))
        {
            await EmbeddingOrder.SortAsync(response, cancellationToken);
            return response;
        }

        var media = response.Content.Headers.ContentType?.MediaType;
        if (string.Equals(media, "text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            response.Content = new GuardedContent(response.Content, s => new SseGuardStream(s, _context));
        }
        else if (string.Equals(media, "application/x-ndjson", StringComparison.OrdinalIgnoreCase))
        {
            response.Content = new GuardedContent(response.Content, s => new NdjsonGuardStream(s, _context, _secret));
        }

        return response;
    }

    private static async Task<string> ReadLimitedAsync(HttpContent content, CancellationToken ct)
    {
        try
        {
            var text = await content.ReadAsStringAsync(ct);
            return text.Length > MaxErrorBodyChars ? text[..MaxErrorBodyChars] : text;
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return "";
        }
    }
}
