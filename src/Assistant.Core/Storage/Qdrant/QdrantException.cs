namespace Assistant.Core.Storage.Qdrant;

/// <summary>A Qdrant request failed; the message names the URL and Qdrant's own error text, never the API key.</summary>
public sealed class QdrantException : Exception
{
    public QdrantException(string message, int? statusCode = null, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
    }

    /// <summary>HTTP status when the server answered; null for timeouts and connection failures.</summary>
    public int? StatusCode { get; }
}
