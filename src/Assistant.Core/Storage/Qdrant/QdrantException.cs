using Grpc.Core;

namespace Assistant.Core.Storage.Qdrant;

/// <summary>A Qdrant call failed; the message is one line naming the endpoint and Qdrant's own error text, never the API key.</summary>
public sealed class QdrantException : Exception
{
    public QdrantException(string message, StatusCode? status = null, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
    }

    /// <summary>The gRPC status when the call failed on the wire; null for failures reported in a response body.</summary>
    public StatusCode? Status { get; }
}
