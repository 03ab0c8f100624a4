using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Server;

public sealed class HealthAndOpenApiTests
{
    [Fact]
    public async Task Healthz_and_readyz_answer_without_a_key()
    {
        using var server = new ServerFactory();
        var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        var ready = await client.GetFromJsonAsync<JsonElement>("/readyz");
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        var checks = ready.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["knowledge-stores"]);
        Assert.Equal("Healthy", checks["chat-model"]);
        Assert.True(File.Exists(server.Dir.Combine("acme", "assistant.db")));
    }

    [Fact]
    public async Task Readyz_is_503_when_the_default_chat_model_is_unreachable_and_caches_the_check()
    {
        using var dead = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        dead.Start();
        var port = ((IPEndPoint)dead.LocalEndpoint).Port;
        dead.Stop(); // nothing listens there any more: connection refused

        using var server = new ServerFactory(s =>
        {
            s["Models:DefaultChat"] = "ollama-llama";
            s["Models:Profiles:ollama-llama:Endpoint"] = $"http://127.0.0.1:{port}";
        });
        var client = server.CreateClient();
        var first = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Contains("ollama-llama", await first.Content.ReadAsStringAsync());

        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/readyz")).StatusCode);
        Assert.True(watch.ElapsedMilliseconds < 500, $"the second check took {watch.ElapsedMilliseconds} ms: not cached");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_lists_every_endpoint_and_both_key_forms()
    {
        using var server = new ServerFactory();
        var document = await server.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var (path, method) in new[]
        {
            ("/api/search", "get"), ("/api/documents", "get"), ("/api/documents", "post"), ("/api/documents/{id}", "delete"),
            ("/api/documents/reindex", "post"), ("/api/plugins", "get"), ("/api/plugins/{plugin}/{function}", "post"),
            ("/healthz", "get"), ("/readyz", "get"),
        })
        {
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _), $"{method} {path} is missing from the OpenAPI document");
        }

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.Equal("X-Api-Key", schemes.GetProperty("ApiKey").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Docs_page_serves_scalar_from_the_server_itself()
    {
        using var server = new ServerFactory();
        var client = server.CreateClient();
        var page = await client.GetStringAsync("/docs/");
        Assert.Contains("scalar.js", page);
        Assert.DoesNotContain("cdn.jsdelivr.net", page);
        var script = await client.GetAsync("/docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000);
    }
}
