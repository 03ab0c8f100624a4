using Assistant.Core.Storage.Qdrant;

namespace Assistant.Tests.Storage.Qdrant;

public sealed class QdrantEndpointTests
{
    [Theory]
    [InlineData("http://localhost:6333", null, "http://localhost:6334/")]
    [InlineData("http://qdrant:6333/", null, "http://qdrant:6334/")]
    [InlineData("https://abc.cloud.qdrant.io:6333", null, "https://abc.cloud.qdrant.io:6334/")]
    [InlineData("http://localhost:6334", null, "http://localhost:6334/")]
    [InlineData("http://proxy:8080", "http://grpc-proxy:9000", "http://grpc-proxy:9000/")]
    public void The_grpc_address_is_GrpcUrl_or_the_rest_host_on_port_6334(string url, string? grpcUrl, string expected) =>
        Assert.Equal(expected, QdrantEndpoint.GrpcAddress(new QdrantOptions { Url = url, GrpcUrl = grpcUrl }).ToString());

    [Theory]
    [InlineData("http://proxy:8080", null, "set Qdrant:GrpcUrl")]
    [InlineData("https://qdrant.example.com", null, "set Qdrant:GrpcUrl")]
    [InlineData("qdrant:6333", null, "Qdrant:Url 'qdrant:6333' is not an absolute http(s) URL")]
    [InlineData("http://localhost:6333", "localhost:6334", "Qdrant:GrpcUrl 'localhost:6334' is not an absolute http(s) URL")]
    public void Settings_it_cannot_use_fail_validation_with_the_fix(string url, string? grpcUrl, string expected)
    {
        var result = new QdrantOptionsValidator().Validate(null, new QdrantOptions { Url = url, GrpcUrl = grpcUrl });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.OrdinalIgnoreCase);
    }
}
