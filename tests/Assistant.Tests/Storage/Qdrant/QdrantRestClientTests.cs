using System.Text.Json.Nodes;
using Assistant.Core.Storage.Qdrant;

namespace Assistant.Tests.Storage.Qdrant;

public sealed class QdrantRestClientTests
{
    private const string Secret = "s3cret-key-value";
    private readonly List<TimeSpan> _delays = [];

    private QdrantRestClient Client(FakeQdrantServer server, Action<QdrantOptions>? configure = null, string? key = null) =>
        new(
            new HttpClient(),
            QdrantTestData.Options(o => { o.Url = server.BaseAddress.ToString(); configure?.Invoke(o); }),
            delay: (d, _) => { _delays.Add(d); return Task.CompletedTask; },
            getEnvironmentVariable: name => name == "QDRANT_TEST_KEY" ? key : null);

    [Fact]
    public async Task Sends_api_key_header_when_configured_and_never_puts_it_in_errors()
    {
        await using var server = new FakeQdrantServer((r, _) => r.Path.EndsWith("/exists") ? null : (403, FakeQdrantServer.Error("Forbidden: invalid api key")));
        var client = Client(server, o => o.ApiKeyEnv = "QDRANT_TEST_KEY", Secret);

        Assert.False(await client.CollectionExistsAsync("kb", CancellationToken.None));
        var ex = await Assert.ThrowsAsync<QdrantException>(() => client.CreateCollectionAsync("kb", [], CancellationToken.None));

        Assert.All(server.Requests, r => Assert.Equal(Secret, r.Header("api-key")));
        Assert.DoesNotContain(Secret, ex.Message);
        Assert.Contains("Forbidden: invalid api key", ex.Message);
        server.AssertNoViolations();
    }

    [Fact]
    public async Task Omits_api_key_header_without_ApiKeyEnv()
    {
        await using var server = new FakeQdrantServer();
        await Client(server).CollectionExistsAsync("kb", CancellationToken.None);
        Assert.Null(Assert.Single(server.Requests).Header("api-key"));
    }

    [Fact]
    public async Task Missing_api_key_variable_is_a_clear_configuration_error()
    {
        await using var server = new FakeQdrantServer();
        var ex = Assert.Throws<InvalidOperationException>(() => Client(server, o => o.ApiKeyEnv = "QDRANT_TEST_KEY", key: null));
        Assert.Contains("QDRANT_TEST_KEY", ex.Message);
    }

    [Fact]
    public async Task Retries_5xx_with_backoff_then_succeeds()
    {
        await using var server = new FakeQdrantServer((_, n) => n < 2 ? (503, FakeQdrantServer.Error("Service unavailable: overloaded")) : null);
        server.AddCollection("kb");
        server.CountResult = 7;

        Assert.Equal(7, await Client(server).CountAsync("kb", null, CancellationToken.None));
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal([TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400)], _delays);
        server.AssertNoViolations();
    }

    [Fact]
    public async Task Gives_up_after_MaxRetries_naming_url_and_qdrant_error()
    {
        await using var server = new FakeQdrantServer((_, _) => (500, FakeQdrantServer.Error("Service internal error: disk full")));
        var ex = await Assert.ThrowsAsync<QdrantException>(() => Client(server).CountAsync("kb", null, CancellationToken.None));

        Assert.Equal(3, server.Requests.Count); // first attempt + MaxRetries (2)
        Assert.Equal(500, ex.StatusCode);
        Assert.Contains(server.BaseAddress + "collections/kb/points/count", ex.Message);
        Assert.Contains("disk full", ex.Message);
    }

    [Fact]
    public async Task Does_not_retry_4xx_and_reports_status_error()
    {
        await using var server = new FakeQdrantServer((_, _) => (400, FakeQdrantServer.Error("Wrong input: Vector dimension error: expected dim: 4, got 3")));
        var ex = await Assert.ThrowsAsync<QdrantException>(() => Client(server).UpsertAsync("kb", [new JsonObject { ["id"] = 1, ["vector"] = new JsonArray(1f, 2f, 3f) }], CancellationToken.None));

        Assert.Single(server.Requests);
        Assert.Empty(_delays);
        Assert.Equal(400, ex.StatusCode);
        Assert.Contains("PUT " + server.BaseAddress + "collections/kb/points", ex.Message);
        Assert.Contains("Vector dimension error: expected dim: 4, got 3", ex.Message);
    }

    [Fact]
    public async Task Times_out_each_attempt_and_reports_the_timeout()
    {
        await using var server = new FakeQdrantServer { Hang = _ => true };
        var client = Client(server, o => { o.TimeoutSeconds = 1; o.MaxRetries = 1; });

        var ex = await Assert.ThrowsAsync<QdrantException>(() => client.CollectionExistsAsync("kb", CancellationToken.None));

        Assert.Contains("timed out after 1s", ex.Message);
        Assert.Contains(server.BaseAddress + "collections/kb/exists", ex.Message);
        Assert.Single(_delays);
    }

    [Fact]
    public async Task Connection_refused_is_retried_then_reported()
    {
        string url;
        await using (var server = new FakeQdrantServer())
        {
            url = server.BaseAddress.ToString();
        }

        var client = new QdrantRestClient(new HttpClient(), QdrantTestData.Options(o => o.Url = url), delay: (d, _) => { _delays.Add(d); return Task.CompletedTask; });
        var ex = await Assert.ThrowsAsync<QdrantException>(() => client.CollectionExistsAsync("kb", CancellationToken.None));

        Assert.Contains("could not be reached", ex.Message);
        Assert.Equal(2, _delays.Count);
    }

    [Fact]
    public void Rejects_a_url_that_is_not_http() =>
        Assert.Contains("Qdrant:Url", Assert.Throws<ArgumentException>(() => new QdrantRestClient(new HttpClient(), new QdrantOptions { Url = "qdrant:6333" })).Message);

    [Fact]
    public async Task Upserts_in_batches_with_wait_true()
    {
        await using var server = new FakeQdrantServer();
        server.AddCollection("kb");
        var points = Enumerable.Range(0, 5).Select(i => new JsonObject { ["id"] = i, ["vector"] = new JsonObject(), ["payload"] = new JsonObject { ["i"] = i } }).ToList();

        await Client(server).UpsertAsync("kb", points, CancellationToken.None);

        Assert.Equal([2, 2, 1], server.Requests.Select(r => FakeQdrantServer.ParseBody(r)["points"]!.AsArray().Count));
        Assert.All(server.Requests, r => Assert.Equal("/collections/kb/points?wait=true", r.PathAndQuery));
        server.AssertNoViolations();
    }
}
