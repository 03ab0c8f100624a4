using System.Net;
using Assistant.Core.Storage.Qdrant;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Qdrant.Client.Grpc;

namespace Assistant.Tests.Storage.Qdrant;

/// <summary>
/// A fake Qdrant speaking Qdrant's real gRPC protocol on a loopback socket (Kestrel, HTTP/2 without TLS), with the
/// Collections and Points services generated from Qdrant's own .proto files (Protos/). The real QdrantClient talks to
/// it through <see cref="QdrantConnection"/>. It keeps collections, their metadata, points and aliases (see
/// <see cref="FakeQdrantState"/>) and records every request, so tests assert what was sent as typed messages.
/// </summary>
internal sealed class FakeQdrantServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeQdrantServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        State = app.Services.GetRequiredService<FakeQdrantState>();
    }

    public Uri Address { get; }

    public FakeQdrantState State { get; }

    public static async Task<FakeQdrantServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // gRPC without TLS needs an HTTP/2-only endpoint (h2c); port 0 picks a free port.
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<FakeQdrantState>();
        var app = builder.Build();
        app.MapGrpcService<FakeCollectionsService>();
        app.MapGrpcService<FakePointsService>();
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new FakeQdrantServer(app, address);
    }

    /// <summary>Options pointing at this server, with fast retries and small batches unless <paramref name="configure"/> says otherwise.</summary>
    public QdrantOptions Options(Action<QdrantOptions>? configure = null)
    {
        var options = new QdrantOptions { GrpcUrl = Address.ToString(), Collection = "kb", TimeoutSeconds = 10, MaxRetries = 2, UpsertBatchSize = 2 };
        configure?.Invoke(options);
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request as the fake received it.</summary>
internal sealed record RecordedCall(string Method, IMessage Request, string? ApiKey);

/// <summary>Qdrant would refuse the request: becomes an RpcException with this status.</summary>
internal sealed class FakeQdrantError(StatusCode status, string message) : Exception(message)
{
    public StatusCode Status { get; } = status;
}

/// <summary>
/// Base for the two services: records the call, lets a test inject a failure, and runs the handler under the state lock.
/// </summary>
internal static class FakeCall
{
    public static async Task<TResponse> Run<TRequest, TResponse>(FakeQdrantState state, TRequest request, ServerCallContext context, Func<TResponse> handler, [System.Runtime.CompilerServices.CallerMemberName] string method = "")
        where TRequest : IMessage
    {
        if (state.Before is { } before)
        {
            await before(method, request); // outside the lock, so a test can call the store from here
        }

        lock (state.Lock)
        {
            var n = state.CallsList.Count;
            state.CallsList.Add(new RecordedCall(method, request.Clone(), context.RequestHeaders.GetValue("api-key")));
            if (state.Fault?.Invoke(method, request, n) is { } fault)
            {
                throw new RpcException(fault);
            }

            try
            {
                return handler();
            }
            catch (FakeQdrantError ex)
            {
                throw new RpcException(new Status(ex.Status, ex.Message));
            }
        }
    }

    private static IMessage Clone(this IMessage message) => message.Descriptor.Parser.ParseFrom(message.ToByteString());
}
