using System.Net.Http.Headers;

namespace Assistant.Core.Models.Http;

/// <summary>
/// Sits under every connector's HttpClient (ours or an SDK's) so that all providers fail the same way:
/// connect failures, non-2xx answers and cut-off SSE streams become <see cref="ModelException"/>s
/// before any SDK sees them, and the key is scrubbed from every message.
/// </summary>
internal sealed class ModelHttpHandler : DelegatingHandler
{
    private const int MaxErrorBodyChars = 16_000;
    private readonly ModelCallContext _context;
    private readonly string? _secret;
    private readonly TimeProvider _time;

    public ModelHttpHandler(ModelCallContext context, string? secret, TimeProvider? time = null, HttpMessageHandler? inner = null)
        : base(inner ?? new SocketsHttpHandler())
    {
        _context = context;
        _secret = secret;
        _time = time ?? TimeProvider.System;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
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

        if (IsEventStream(response.Content.Headers.ContentType))
        {
            response.Content = new SseGuardContent(response.Content, _context);
        }

        return response;
    }

    private static bool IsEventStream(MediaTypeHeaderValue? type) =>
        string.Equals(type?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase);

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
