using Microsoft.Extensions.Options;

namespace Assistant.Core.Storage.Qdrant;

/// <summary>
/// Where the gRPC client connects. Users configured <c>Qdrant:Url</c> with the REST port (6333) before the store moved
/// to gRPC, so that setting keeps working: the gRPC port is Qdrant's default 6334 on the same host and scheme.
/// Any other port cannot be mapped safely (a proxy, a cloud endpoint), so it needs <c>Qdrant:GrpcUrl</c>.
/// </summary>
public static class QdrantEndpoint
{
    public const int RestPort = 6333;
    public const int GrpcPort = 6334;

    /// <summary>The gRPC address, or throws with the setting to fix.</summary>
    public static Uri GrpcAddress(QdrantOptions options)
    {
        var (address, problem) = Resolve(options);
        return address ?? throw new InvalidOperationException(problem);
    }

    /// <summary>Null when the options give a usable gRPC address, else what is wrong and how to fix it.</summary>
    public static string? Problem(QdrantOptions options) => Resolve(options).Problem;

    private static (Uri? Address, string? Problem) Resolve(QdrantOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.GrpcUrl))
        {
            return Absolute(options.GrpcUrl, out var grpc)
                ? (grpc, null)
                : (null, $"Qdrant:GrpcUrl '{options.GrpcUrl}' is not an absolute http(s) URL; use e.g. http://localhost:{GrpcPort}.");
        }

        if (!Absolute(options.Url, out var url))
        {
            return (null, $"Qdrant:Url '{options.Url}' is not an absolute http(s) URL; use e.g. http://localhost:{RestPort}.");
        }

        return url.Port switch
        {
            RestPort => (new UriBuilder(url.Scheme, url.Host, GrpcPort).Uri, null),
            GrpcPort => (new UriBuilder(url.Scheme, url.Host, GrpcPort).Uri, null),
            _ => (null, $"Qdrant:Url '{options.Url}' does not use Qdrant's REST port {RestPort}, so the gRPC address (port {GrpcPort}) cannot be derived from it. "
                + $"Set Qdrant:GrpcUrl to the gRPC endpoint, e.g. {url.Scheme}://{url.Host}:{GrpcPort}."),
        };
    }

    private static bool Absolute(string value, out Uri uri) =>
        Uri.TryCreate(value, UriKind.Absolute, out uri!) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}

/// <summary>Stops start-up with the fix when the gRPC address cannot be worked out (see <see cref="QdrantEndpoint"/>).</summary>
public sealed class QdrantOptionsValidator : IValidateOptions<QdrantOptions>
{
    public ValidateOptionsResult Validate(string? name, QdrantOptions options) =>
        QdrantEndpoint.Problem(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
