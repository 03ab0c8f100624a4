using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.Logging;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Assistant.Core.Storage.Qdrant;

/// <summary>
/// Owns the gRPC channel and the <see cref="QdrantClient"/> on top of it. The channel is built here rather than by
/// QdrantClient's own constructor so that retries come from gRPC's service-config retry policy (every request the
/// store sends is idempotent: deterministic point ids, deletes by filter), and so that one interceptor adds the API key
/// and turns RpcExceptions into one-line <see cref="QdrantException"/>s naming the endpoint.
/// </summary>
public sealed class QdrantConnection : IDisposable
{
    private readonly GrpcChannel _channel;

    public QdrantConnection(QdrantOptions options, ILoggerFactory? loggerFactory = null, Func<string, string?>? getEnvironmentVariable = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Address = QdrantEndpoint.GrpcAddress(options);
        string? apiKey = null;
        if (!string.IsNullOrWhiteSpace(options.ApiKeyEnv))
        {
            apiKey = (getEnvironmentVariable ?? Environment.GetEnvironmentVariable)(options.ApiKeyEnv);
            if (string.IsNullOrEmpty(apiKey))
            {
                throw new InvalidOperationException(
                    $"Qdrant:ApiKeyEnv names the environment variable '{options.ApiKeyEnv}', but it is not set. Set it, or remove ApiKeyEnv for an unsecured Qdrant.");
            }
        }

        _channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions
        {
            LoggerFactory = loggerFactory,
            // Ctrl-C surfaces as OperationCanceledException (the CLI prints "cancelled"), not as an RpcException.
            ThrowOperationCanceledOnCancellation = true,
            MaxRetryAttempts = options.MaxRetries + 1,
            ServiceConfig = options.MaxRetries == 0 ? null : new ServiceConfig
            {
                MethodConfigs =
                {
                    new MethodConfig
                    {
                        Names = { MethodName.Default },
                        RetryPolicy = new RetryPolicy
                        {
                            MaxAttempts = options.MaxRetries + 1,
                            InitialBackoff = TimeSpan.FromMilliseconds(200),
                            MaxBackoff = TimeSpan.FromSeconds(5),
                            BackoffMultiplier = 2,
                            RetryableStatusCodes = { StatusCode.Unavailable, StatusCode.ResourceExhausted },
                        },
                    },
                },
            },
        });
        var invoker = _channel.Intercept(new ErrorInterceptor(Address, apiKey, options.TimeoutSeconds));
        // No logger factory for QdrantClient itself: it logs every failed call at Error level, which would print a
        // second, multi-line report beside the one-line QdrantException the CLI shows.
        Client = new QdrantClient(new QdrantGrpcClient(invoker), TimeSpan.FromSeconds(options.TimeoutSeconds));
    }

    /// <summary>The gRPC endpoint, as shown in errors.</summary>
    public Uri Address { get; }

    public QdrantClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        _channel.Dispose();
    }

    private sealed class ErrorInterceptor(Uri address, string? apiKey, int timeoutSeconds) : Interceptor
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            if (apiKey is not null)
            {
                var headers = context.Options.Headers ?? [];
                headers.Add("api-key", apiKey);
                context = new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
            }

            var call = continuation(request, context);
            return new AsyncUnaryCall<TResponse>(
                Translate(call.ResponseAsync, context.Method.Name),
                call.ResponseHeadersAsync,
                call.GetStatus,
                call.GetTrailers,
                call.Dispose);
        }

        private async Task<TResponse> Translate<TResponse>(Task<TResponse> response, string method)
        {
            try
            {
                return await response.ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled)
            {
                throw new QdrantException(Describe(ex, method), ex.StatusCode, ex);
            }
        }

        private string Describe(RpcException ex, string method)
        {
            var detail = OneLine(ex.Status.Detail);
            return ex.StatusCode switch
            {
                StatusCode.Unavailable =>
                    $"Qdrant at {address} could not be reached over gRPC ({detail}). Is it running, and do Qdrant:Url / Qdrant:GrpcUrl point at it? The gRPC port is {QdrantEndpoint.GrpcPort}.",
                StatusCode.DeadlineExceeded => $"Qdrant at {address} did not answer {method} within {timeoutSeconds}s (Qdrant:TimeoutSeconds).",
                StatusCode.Unauthenticated or StatusCode.PermissionDenied =>
                    $"Qdrant at {address} refused {method} ({detail}): check the API key in the variable Qdrant:ApiKeyEnv names.",
                _ => $"Qdrant {method} at {address} failed ({ex.StatusCode}): {detail}",
            };
        }

        private static string OneLine(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
