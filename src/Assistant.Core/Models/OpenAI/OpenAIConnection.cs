using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;

namespace Assistant.Core.Models.OpenAI;

/// <summary>
/// SDK options for any OpenAI-compatible server. The SDK's own retries are switched off so our
/// retry middleware is the only one (otherwise a 429 would be retried 3 × 4 times), and our HttpClient
/// (with <c>ModelHttpHandler</c>) carries every request.
/// </summary>
public static class OpenAIConnection
{
    /// <summary>Local servers ignore the key, but the SDK refuses an empty one.</summary>
    public const string KeylessPlaceholder = "no-key";

    public static OpenAIClientOptions CreateOptions(Uri endpoint, HttpClient httpClient) => new()
    {
        Endpoint = endpoint,
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        Transport = new HttpClientPipelineTransport(httpClient),
        // Timeouts are the TimeoutChatClient's job; the SDK's 100 s network timeout would fight it.
        NetworkTimeout = Timeout.InfiniteTimeSpan,
    };

    public static ApiKeyCredential Credential(string? apiKey) => new(string.IsNullOrEmpty(apiKey) ? KeylessPlaceholder : apiKey);
}
