using System.Net;
using System.Net.Http.Json;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace Assistant.Tests.Server;

public sealed class ServerAuthTests : IClassFixture<ServerAuthTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public ServerFactory Server { get; } = new(s => s["Server:Cors:AllowedOrigins:0"] = "https://allowed.example");

        public void Dispose() => Server.Dispose();
    }

    private readonly ServerFactory _server;

    public ServerAuthTests(Fixture fixture) => _server = fixture.Server;

    [Theory]
    [InlineData("/api/documents")]
    [InlineData("/api/search?q=x")]
    [InlineData("/api/plugins")]
    public async Task Missing_key_is_401_problem_with_a_bearer_challenge(string path)
    {
        var response = await _server.CreateClient().GetAsync(path);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Wrong_key_is_401_in_both_header_forms()
    {
        var client = _server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "secret-nobody");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/documents"), HttpStatusCode.Unauthorized);

        var header = _server.CreateClient();
        header.DefaultRequestHeaders.Add("X-Api-Key", TestKeys.Secret(TestKeys.Admin) + "x");
        await ProblemAssert.IsProblemAsync(await header.GetAsync("/api/documents"), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Right_key_works_as_bearer_token_or_x_api_key(bool asHeader)
    {
        var response = await _server.ClientFor(TestKeys.Admin, asHeader).GetAsync("/api/documents");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(TestKeys.Client, "/api/documents")]
    [InlineData(TestKeys.AcmeClient, "/api/documents")]
    [InlineData(TestKeys.Widget, "/api/documents")]
    [InlineData(TestKeys.Widget, "/api/plugins")]
    public async Task Wrong_role_is_403_problem(string key, string path)
    {
        var response = await _server.ClientFor(key, origin: ServerFactory.WidgetOrigin).GetAsync(path);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Client_cannot_upload_delete_or_reindex()
    {
        var client = _server.ClientFor(TestKeys.Client);
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/documents", new MultipartFormDataContent()), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await client.DeleteAsync("/api/documents/abc"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/documents/reindex", null), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Widget_key_counts_only_from_its_own_origins()
    {
        Assert.Equal(HttpStatusCode.OK, (await _server.ClientFor(TestKeys.Widget, origin: ServerFactory.WidgetOrigin).GetAsync("/api/search?q=refund")).StatusCode);
        await ProblemAssert.IsProblemAsync(await _server.ClientFor(TestKeys.Widget).GetAsync("/api/search?q=refund"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await _server.ClientFor(TestKeys.Widget, origin: "https://evil.example").GetAsync("/api/search?q=refund"), HttpStatusCode.Forbidden);
        // Other roles do not depend on the origin.
        Assert.Equal(HttpStatusCode.OK, (await _server.ClientFor(TestKeys.Client, origin: "https://evil.example").GetAsync("/api/search?q=refund")).StatusCode);
    }

    [Fact]
    public async Task Cors_answers_only_the_configured_origins()
    {
        var client = _server.CreateClient();
        using var allowed = Preflight("https://allowed.example");
        var ok = await client.SendAsync(allowed);
        Assert.Equal("https://allowed.example", ok.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("authorization", string.Join(",", ok.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);

        using var other = Preflight("https://evil.example");
        var refused = await client.SendAsync(other);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));

        var simple = _server.ClientFor(TestKeys.Client, origin: "https://evil.example");
        Assert.False((await simple.GetAsync("/api/search?q=x")).Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public void A_key_with_a_bad_hash_role_or_unknown_knowledge_base_stops_the_server_with_a_fix_it_message()
    {
        using var server = new ServerFactory(s =>
        {
            s["Server:ApiKeys:bad:Sha256"] = "not-hex";
            s["Server:ApiKeys:bad:Role"] = "root";
            s["Server:ApiKeys:bad:KnowledgeBase"] = "nowhere";
        });
        var error = Assert.ThrowsAny<Exception>(() => server.CreateClient());
        var message = (error as OptionsValidationException ?? error.InnerException as OptionsValidationException)?.Message ?? error.ToString();
        Assert.Contains("Server:ApiKeys:bad:Sha256", message);
        Assert.Contains("'root' is not one of client, widget, admin", message);
        Assert.Contains("KnowledgeBase 'nowhere' is not configured", message);
    }

    [Fact]
    public async Task Api_key_comparison_uses_only_the_hash()
    {
        // The configuration holds no secret: a server configured with just the hash accepts the key.
        Assert.DoesNotContain(_server.Settings.Values, v => v is not null && v.StartsWith("secret-", StringComparison.Ordinal));
        var response = await _server.ClientFor(TestKeys.Client).GetFromJsonAsync<System.Text.Json.JsonElement>("/api/search?q=x");
        Assert.Equal("default", response.GetProperty("knowledgeBase").GetString());
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/search?q=x");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "authorization");
        return request;
    }
}
