using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Assistant.Tests.TestSupport;

/// <summary>A request as the loopback server received it, for asserting what a connector sent.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Path => PathAndQuery.Split('?')[0];

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (HttpListener) that answers each request with a scripted handler.
/// Connectors under test talk to it over a real socket, so framing, chunking, timeouts and dropped
/// connections behave as they do against a real server.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<RecordedRequest, HttpListenerResponse, Task> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public LoopbackHttpServer(Func<RecordedRequest, HttpListenerResponse, Task> handler)
    {
        _handler = handler;
        // HttpListener cannot bind port 0, so probe for a free port and retry on the rare race. A listener whose Start
        // failed has closed itself, so each attempt needs a new one.
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                _listener = listener;
                BaseAddress = new Uri($"http://127.0.0.1:{port}/");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }

        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseAddress { get; }

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>Writes <paramref name="body"/> in pieces of <paramref name="pieceSize"/> bytes, flushing each, to split frames at awkward places.</summary>
    public static async Task WriteChunkedAsync(HttpListenerResponse response, string body, int pieceSize, string contentType, int status = 200)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.SendChunked = true;
        var bytes = Encoding.UTF8.GetBytes(body);
        for (var i = 0; i < bytes.Length; i += pieceSize)
        {
            await response.OutputStream.WriteAsync(bytes.AsMemory(i, Math.Min(pieceSize, bytes.Length - i)));
            await response.OutputStream.FlushAsync();
        }

        response.Close();
    }

    public static async Task WriteJsonAsync(HttpListenerResponse response, string json, int status = 200, IReadOnlyDictionary<string, string>? headers = null)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        foreach (var (k, v) in headers ?? new Dictionary<string, string>())
        {
            response.Headers[k] = v;
        }

        var bytes = Encoding.UTF8.GetBytes(json);
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                var headers = context.Request.Headers.AllKeys
                    .Where(k => k is not null)
                    .ToDictionary(k => k!.ToLowerInvariant(), k => context.Request.Headers[k]!);
                var request = new RecordedRequest(context.Request.HttpMethod, context.Request.Url!.PathAndQuery, headers, body);
                _requests.Enqueue(request);
                try
                {
                    await _handler(request, context.Response);
                }
                catch (Exception)
                {
                    // A handler that aborts the connection on purpose lands here; nothing to report.
                    try { context.Response.Abort(); } catch (Exception) { }
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Close();
        try { await _loop; } catch (Exception) { }
        _stop.Dispose();
    }
}
