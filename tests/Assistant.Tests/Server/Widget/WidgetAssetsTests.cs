using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Server.Widget;

/// <summary>The widget's files as the server serves them, and the CORS rule that lets a widget key's pages call in.</summary>
public sealed partial class WidgetAssetsTests : IDisposable
{
    private readonly ServerFactory _server = new(s => s["Server:Cors:AllowedOrigins:0"] = "https://partner.example");

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Widget_script_is_served_without_a_key_with_a_validator_for_revalidation()
    {
        var client = _server.CreateClient();
        var response = await client.GetAsync("/widget.js");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("cross-origin", response.Headers.GetValues("Cross-Origin-Resource-Policy").Single());
        var script = await response.Content.ReadAsStringAsync();
        Assert.Contains("attachShadow({ mode: \"open\" })", script);
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/widget.js");
        again.Headers.IfNoneMatch.Add(etag);
        var revalidated = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());

        using var stale = new HttpRequestMessage(HttpMethod.Get, "/widget.js");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"an-older-version\""));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task Widget_page_allows_exactly_its_own_inline_script()
    {
        var response = await _server.CreateClient().GetAsync("/widget");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();

        var inline = InlineScript().Match(html).Groups[1].Value;
        Assert.Contains("/widget.js", inline);
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)));
        Assert.Contains($"script-src 'self' 'sha256-{hash}'", policy);
        Assert.Contains("default-src 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Widget_files_are_not_part_of_the_API_document()
    {
        var document = await _server.CreateClient().GetStringAsync("/openapi/v1.json");
        Assert.DoesNotContain("\"/widget", document);
    }

    [Theory]
    [InlineData(ServerFactory.WidgetOrigin, true)]      // a widget key's page, though not in Server:Cors:AllowedOrigins
    [InlineData("https://partner.example", true)]       // Server:Cors:AllowedOrigins
    [InlineData("https://elsewhere.example", false)]
    public async Task Preflight_is_answered_for_widget_origins_and_configured_origins_only(string origin, bool allowed)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/conversations");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,x-api-key");
        var response = await _server.CreateClient().SendAsync(preflight);

        var granted = response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
        Assert.Equal(allowed ? origin : null, granted);
    }

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
