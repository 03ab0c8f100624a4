using System.Net.Sockets;

namespace Assistant.Core.Models.Http;

/// <summary>
/// The socket layer under every model connector: one pooled <see cref="SocketsHttpHandler"/> whose connect step is
/// bounded per profile. <see cref="SocketsHttpHandler.ConnectTimeout"/> is one value for the whole handler, and the
/// handler is shared by all profiles, so the limit travels on each request instead (set by <see cref="ModelHttpHandler"/>
/// from the profile's <c>ConnectTimeoutSeconds</c>) and is applied here when a new connection is opened.
/// </summary>
internal static class ModelHttpTransport
{
    private static readonly HttpRequestOptionsKey<TimeSpan> ConnectTimeoutKey = new("Assistant.Models.ConnectTimeout");

    public static SocketsHttpHandler CreateHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = ConnectAsync,
    };

    public static void SetConnectTimeout(HttpRequestMessage request, TimeSpan timeout) => request.Options.Set(ConnectTimeoutKey, timeout);

    /// <summary>What the default handler does (a dual-mode socket to the host, tried on each of its addresses), with the profile's limit.</summary>
    internal static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var limited = context.InitialRequestMessage.Options.TryGetValue(ConnectTimeoutKey, out var limit) && limit > TimeSpan.Zero;
        using var timer = limited ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, linked.Token);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            // SocketsHttpHandler wraps this in an HttpRequestException (ConnectionError), which ModelHttpHandler maps.
            throw new ModelConnectTimeoutException(limit);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>No TCP connection within the profile's <c>ConnectTimeoutSeconds</c>.</summary>
internal sealed class ModelConnectTimeoutException(TimeSpan limit)
    : TimeoutException($"no connection within {limit.TotalSeconds:0.###} s")
{
    public TimeSpan Limit { get; } = limit;
}
