using System.Net;
using System.Text;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Server;

public sealed class ServerLimitsTests
{
    [Fact]
    public async Task Rate_limit_is_per_key_and_answers_429_problem_with_retry_after()
    {
        using var server = new ServerFactory(s => s["Server:RateLimit:PermitsPerMinute"] = "3");
        var client = server.ClientFor(TestKeys.Client);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/search?q=x")).StatusCode);

        var limited = await client.GetAsync("/api/search?q=x");
        await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single()), 1, 60);

        // Another key has its own window; health probes are never limited.
        Assert.Equal(HttpStatusCode.OK, (await server.ClientFor(TestKeys.Admin).GetAsync("/api/search?q=x")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Widget_keys_get_their_own_lower_limit()
    {
        using var server = new ServerFactory(s => s["Server:RateLimit:WidgetPermitsPerMinute"] = "2");
        var widget = server.ClientFor(TestKeys.Widget, origin: ServerFactory.WidgetOrigin);
        Assert.Equal(HttpStatusCode.OK, (await widget.GetAsync("/api/search?q=x")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await widget.GetAsync("/api/search?q=x")).StatusCode);
        await ProblemAssert.IsProblemAsync(await widget.GetAsync("/api/search?q=x"), HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, (await server.ClientFor(TestKeys.Client).GetAsync("/api/search?q=x")).StatusCode);
    }

    [Fact]
    public async Task Body_past_the_limit_is_413_declared_or_streamed()
    {
        using var server = new ServerFactory(s => s["Server:Limits:MaxRequestBodyBytes"] = "1000");
        var client = server.ClientFor(TestKeys.Client);
        var big = "{\"text\":\"" + new string('a', 2000) + "\"}";

        var declared = await client.PostAsync("/api/plugins/Sentiment/analyze", new StringContent(big, Encoding.UTF8, "application/json"));
        var problem = await ProblemAssert.IsProblemAsync(declared, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("limit is 1000", problem.GetProperty("detail").GetString());

        // No Content-Length (chunked): cut off while reading.
        var streamed = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        streamed.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/plugins/Sentiment/analyze") { Content = streamed };
        request.Headers.TransferEncodingChunked = true;
        await ProblemAssert.IsProblemAsync(await client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);

        // A small body still passes.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/plugins/Sentiment/analyze", new StringContent("{\"text\":\"great\"}", Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public async Task Uploads_have_their_own_larger_limit()
    {
        using var server = new ServerFactory(s =>
        {
            s["Server:Limits:MaxRequestBodyBytes"] = "1000";
            s["Server:Limits:MaxUploadBytes"] = "5000";
        });
        var admin = server.ClientFor(TestKeys.Admin);
        Assert.Equal(HttpStatusCode.OK, (await Upload(admin, 3000)).StatusCode);
        await ProblemAssert.IsProblemAsync(await Upload(admin, 6000), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Message_past_the_length_limit_is_413_naming_the_argument()
    {
        using var server = new ServerFactory(s => s["Server:Limits:MaxMessageChars"] = "40");
        var client = server.ClientFor(TestKeys.Client);
        var search = await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/search?q=" + new string('a', 41)), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("q", search.GetProperty("argument").GetString());

        var plugin = await client.PostAsync("/api/plugins/Sentiment/analyze_batch",
            new StringContent("{\"texts\":[\"fine\",\"" + new string('b', 41) + "\"]}", Encoding.UTF8, "application/json"));
        var problem = await ProblemAssert.IsProblemAsync(plugin, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("texts[1]", problem.GetProperty("argument").GetString());
    }

    private static Task<HttpResponseMessage> Upload(HttpClient admin, int bytes)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("# Big\n\n" + new string('x', bytes))), "files", "big.md");
        return admin.PostAsync("/api/documents", form);
    }
}
