using System.Net;
using System.Net.Sockets;

namespace Assistant.Tests.Models.Resilience;

/// <summary>
/// A server that accepts TCP connections on 127.0.0.1, reads whatever comes, and never answers: the "hung model
/// server" case. Counts the connections it accepted, so a test can tell whether a request was retried.
/// </summary>
internal sealed class SilentServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Task _loop;
    private int _accepted;

    public SilentServer()
    {
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseAddress { get; }

    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            lock (_clients) _clients.Add(client);
            _ = DrainAsync(client);
        }
    }

    // Reads the request so the client's send completes, and holds the connection open without a byte in reply.
    private async Task DrainAsync(TcpClient client)
    {
        var buffer = new byte[4096];
        try
        {
            while (await client.GetStream().ReadAsync(buffer, _stop.Token) > 0)
            {
            }
        }
        catch (Exception)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _loop; } catch (Exception) { }
        lock (_clients) _clients.ForEach(c => c.Dispose());
        _stop.Dispose();
    }
}

/// <summary>
/// A listening socket whose accept queue is full and never drained: Linux drops further connection requests, so a new
/// connect hangs (the client keeps resending SYN) without leaving the loopback interface. Used for the connect timeout.
/// </summary>
internal sealed class FullBacklogListener : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Socket> _fillers = [];

    private FullBacklogListener()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(1);
        Endpoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    public IPEndPoint Endpoint { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Endpoint.Port}/");

    /// <summary>A listener on which a further connect hangs, or null when this system accepts anyway (then the test cannot run).</summary>
    public static async Task<FullBacklogListener?> CreateAsync()
    {
        var listener = new FullBacklogListener();
        for (var i = 0; i < 16; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener._fillers.Add(filler);
            using var limit = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                await filler.ConnectAsync(listener.Endpoint, limit.Token);
            }
            catch (OperationCanceledException)
            {
                return listener; // this connect hung: the queue is full
            }
        }

        listener.Dispose();
        return null;
    }

    public void Dispose()
    {
        _fillers.ForEach(s => s.Dispose());
        _listener.Dispose();
    }
}
