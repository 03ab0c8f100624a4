using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Assistant.Core.Models.Http;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Models.Ollama;

/// <summary>
/// <see cref="IChatClient"/> over Ollama's native <c>/api/chat</c>. Streams NDJSON; an <c>{"error":...}</c> line
/// or a stream that ends without <c>"done": true</c> becomes a <see cref="ModelException"/>.
/// </summary>
public sealed class OllamaChatClient : IChatClient
{
    private readonly HttpClient _http;
    private readonly ModelCallContext _context;
    private readonly OllamaChatClientSettings _settings;
    private readonly ChatClientMetadata _metadata;

    /// <param name="http">An HttpClient whose BaseAddress is the Ollama server (e.g. http://localhost:11434/).</param>
    public OllamaChatClient(HttpClient http, ModelCallContext context, OllamaChatClientSettings? settings = null)
    {
        _http = http;
        _context = context;
        _settings = settings ?? new OllamaChatClientSettings();
        _metadata = new ChatClientMetadata("ollama", context.Endpoint, context.Model);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var body = OllamaWire.BuildChatRequest(_context.Model, messages, options, _settings, stream: false);
        using var response = await SendAsync(body, cancellationToken);
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw ModelErrorMapper.StreamInterrupted(_context, "the connection dropped while reading the answer", e);
        }

        using var doc = ParseLine(text);
        var counter = 0;
        var update = OllamaWire.ParseChunk(doc.RootElement, ref counter);
        return new[] { update }.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var body = OllamaWire.BuildChatRequest(_context.Model, messages, options, _settings, stream: true);
        using var response = await SendAsync(body, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var counter = 0;
        var finished = false;
        var responseId = Guid.NewGuid().ToString("N");
        while (!finished)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken);
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw ModelErrorMapper.StreamInterrupted(_context, "the connection dropped", e);
            }

            if (line is null)
            {
                throw ModelErrorMapper.StreamInterrupted(_context, "the NDJSON stream ended without \"done\": true");
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            ChatResponseUpdate update;
            using (var doc = ParseLine(line))
            {
                update = OllamaWire.ParseChunk(doc.RootElement, ref counter);
                finished = update.FinishReason is not null;
            }

            update.ResponseId = responseId;
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        // The HttpClient belongs to whoever created it (the factory or a test).
    }

    private async Task<HttpResponseMessage> SendAsync(System.Text.Json.Nodes.JsonObject body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_context.Endpoint, "api/chat"))
        {
            Content = JsonContent.Create(body),
        };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e) when (ModelErrorMapper.IsConnectFailure(e))
        {
            throw ModelErrorMapper.Unreachable(_context, e, secret: null);
        }

        if (!response.IsSuccessStatusCode)
        {
            // Only reached without ModelHttpHandler in the chain (e.g. a hand-built HttpClient).
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(ct);
                throw ModelErrorMapper.FromResponse(_context, (int)response.StatusCode, response.Headers, text, DateTimeOffset.UtcNow, null);
            }
        }

        return response;
    }

    private JsonDocument ParseLine(string line)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw ModelErrorMapper.StreamInterrupted(_context, "the server sent a line that is not JSON", e);
        }

        if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var error))
        {
            var message = error.ValueKind == JsonValueKind.String ? error.GetString() ?? "" : error.GetRawText();
            doc.Dispose();
            throw ModelErrorMapper.FromStreamError(_context, message);
        }

        return doc;
    }
}
