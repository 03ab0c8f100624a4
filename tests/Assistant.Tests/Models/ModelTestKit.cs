using System.Net;
using System.Text.Json;
using Assistant.Core.Models;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Assistant.Tests.Models;

/// <summary>Builds factories against loopback servers with instant, recorded retry delays and a fake environment.</summary>
internal sealed class ModelTestKit
{
    public const string FakeKey = "sk-test-SECRET-0123456789abcdef";

    public List<TimeSpan> Delays { get; } = [];

    public Dictionary<string, string> Environment { get; } = new() { ["TEST_KEY"] = FakeKey };

    public ModelsOptions Options { get; } = new();

    public TimeSpan? TimeoutOverride { get; set; }

    public TimeSpan? FirstTokenTimeoutOverride { get; set; }

    public TimeSpan? ConnectTimeoutOverride { get; set; }

    public ModelTestKit Profile(string name, string provider, Uri endpoint, string model = "test-model", Action<ModelProfile>? configure = null)
    {
        var profile = new ModelProfile { Provider = provider, Model = model, Endpoint = endpoint.ToString(), ApiKeyEnv = "TEST_KEY", MaxRetries = 3 };
        configure?.Invoke(profile);
        Options.Profiles[name] = profile;
        Options.DefaultChat ??= profile.Kind == ModelKind.Chat ? name : null;
        return this;
    }

    public ModelFactorySettings Settings => new()
    {
        GetEnvironmentVariable = n => Environment.GetValueOrDefault(n),
        RetryDelay = (d, _) =>
        {
            lock (Delays)
            {
                Delays.Add(d);
            }

            return Task.CompletedTask;
        },
        Random = () => 0.5,
        TimeoutOverride = TimeoutOverride,
        FirstTokenTimeoutOverride = FirstTokenTimeoutOverride,
        ConnectTimeoutOverride = ConnectTimeoutOverride,
    };

    public ModelProfileFactory Factory() => new(Microsoft.Extensions.Options.Options.Create(Options), Settings);

    public static string Fixture(string area, string name) =>
        File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Assistant.Tests", "Fixtures", area, name));

    public static JsonElement Body(RecordedRequest request) => JsonDocument.Parse(request.Body).RootElement.Clone();

    public static Func<RecordedRequest, HttpListenerResponse, Task> Chunked(string body, int piece, string contentType) =>
        (_, r) => LoopbackHttpServer.WriteChunkedAsync(r, body, piece, contentType);

    /// <summary>Sends a status and JSON body for the first N calls, then delegates.</summary>
    public static Func<RecordedRequest, HttpListenerResponse, Task> FailFirst(int failures, int status, string body, Func<RecordedRequest, HttpListenerResponse, Task> then, IReadOnlyDictionary<string, string>? headers = null)
    {
        var count = 0;
        return (req, r) => Interlocked.Increment(ref count) <= failures
            ? LoopbackHttpServer.WriteJsonAsync(r, body, status, headers)
            : then(req, r);
    }

    /// <summary>Writes part of a body, then kills the connection without finishing the chunked encoding.</summary>
    public static Func<RecordedRequest, HttpListenerResponse, Task> DropAfter(string partial, string contentType) => async (_, r) =>
    {
        r.StatusCode = 200;
        r.ContentType = contentType;
        r.SendChunked = true;
        var bytes = System.Text.Encoding.UTF8.GetBytes(partial);
        await r.OutputStream.WriteAsync(bytes);
        await r.OutputStream.FlushAsync();
        await Task.Delay(50);
        r.Abort();
    };

    public static ChatMessage[] Ask(string text) => [new(ChatRole.User, text)];

    /// <summary>A port nobody listens on (bound, read, released).</summary>
    public static Uri DeadEndpoint()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
