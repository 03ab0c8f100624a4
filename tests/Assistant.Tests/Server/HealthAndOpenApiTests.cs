using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assistant.Tests.TestSupport;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task Readyz_is_503_when_the_default_chat_model_is_unreachable()
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
        var response = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("ollama-llama", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Readyz_is_ready_when_the_model_is_installed_and_reuses_the_probe()
    {
        // A loopback Ollama that lists the profile's model.
        await using var ollama = new LoopbackHttpServer((request, response) =>
            LoopbackHttpServer.WriteJsonAsync(response, request.Path == "/api/tags" ? """{"models":[{"name":"llama3.1:latest","model":"llama3.1:latest","size":1}]}""" : "{}"));
        using var server = new ServerFactory(s =>
        {
            s["Models:DefaultChat"] = "ollama-llama";
            s["Models:Profiles:ollama-llama:Endpoint"] = ollama.BaseAddress.ToString().TrimEnd('/');
        });
        var client = server.CreateClient();
        var first = await client.GetAsync("/readyz");
        Assert.True(first.StatusCode == HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        var probes = ollama.Requests.Count;
        Assert.True(probes >= 1);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(probes, ollama.Requests.Count); // within Server:Health:ModelCheckCacheSeconds: no new probe
    }

    /// <summary>Every endpoint the server maps for callers, by area; the document must describe each.</summary>
    private static readonly (string Path, string Method)[] Documented =
    [
        ("/api/conversations", "post"), ("/api/conversations/{id}", "get"), ("/api/conversations/{id}/messages", "post"), ("/api/conversations/{id}/feedback", "post"),
        ("/api/feedback", "get"), ("/api/escalations", "get"), ("/api/escalations/{conversationId}/resolve", "post"),
        ("/v1/models", "get"), ("/v1/chat/completions", "post"),
        ("/api/documents", "get"), ("/api/documents", "post"), ("/api/documents/{id}", "delete"), ("/api/documents/reindex", "post"),
        ("/api/plugins", "get"), ("/api/plugins/{plugin}/{function}", "post"),
        ("/api/search", "get"),
        ("/healthz", "get"), ("/readyz", "get"),
    ];

    [Fact]
    public async Task OpenApi_document_lists_every_endpoint_and_both_key_forms()
    {
        using var server = new ServerFactory();
        var document = await server.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        var inDocument = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch").Select(o => (p.Name, o.Name)))
            .ToHashSet();
        foreach (var (path, method) in Documented)
        {
            Assert.True(inDocument.Contains((path, method)), $"{method} {path} is missing from the OpenAPI document");
        }

        // And the other way round: whatever the server maps (new endpoints too) is in the document, unless the
        // endpoint opts out of it (the document itself, the docs page, MCP's JSON-RPC transport).
        var mapped = server.Services.GetRequiredService<IEnumerable<EndpointDataSource>>()
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription != true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Path: Normalize(e.RoutePattern.RawText), Method: m.ToLowerInvariant())))
            .Where(e => e.Method != "options" && !Undocumented.Any(prefix => e.Path.StartsWith(prefix, StringComparison.Ordinal)))
            .ToHashSet();
        Assert.NotEmpty(mapped);
        var missing = mapped.Where(e => !inDocument.Contains(e)).Select(e => $"{e.Method} {e.Path}").Order().ToList();
        Assert.True(missing.Count == 0, "mapped but not in the OpenAPI document: " + string.Join(", ", missing));
        Assert.Superset(mapped.ToHashSet(), Documented.ToHashSet());

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.Equal("X-Api-Key", schemes.GetProperty("ApiKey").GetProperty("name").GetString());
    }

    /// <summary>Served by the server but not API operations: the OpenAPI document, its docs page, MCP (described by its own protocol).</summary>
    private static readonly string[] Undocumented = ["/openapi/", "/docs", "/mcp"];

    /// <summary>"/api/documents/" (a group's "/") as the document writes it: no trailing slash, "/" for the root.</summary>
    private static string Normalize(string? pattern)
    {
        var path = "/" + (pattern ?? string.Empty).Trim('/');
        return path.Replace("//", "/", StringComparison.Ordinal);
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
