using System.ComponentModel;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Assistant.Tests.Server;

public sealed class PluginsApiTests : IClassFixture<PluginsApiTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        // A second plugin registered the way Summarize/Translate/CodeReview will be: a KernelPlugin in the container.
        public ServerFactory Server { get; } = new(services: s => s.AddSingleton(KernelPluginFactory.CreateFromObject(new EchoPlugin(), "Echo")));

        public void Dispose() => Server.Dispose();
    }

    public sealed class EchoPlugin
    {
        [KernelFunction("repeat"), Description("Repeats a text.")]
        public string Repeat([Description("The text.")] string text, [Description("How often.")] int times = 1) =>
            string.Concat(Enumerable.Repeat(text, times));

        [KernelFunction("fail"), Description("Fails inside.")]
        public string Fail() => throw new InvalidOperationException("boom at /srv/secret-path with key secret-admin");
    }

    private readonly ServerFactory _server;

    public PluginsApiTests(Fixture fixture) => _server = fixture.Server;

    [Fact]
    public async Task Sentiment_analyze_runs_in_lexicon_mode_without_a_model()
    {
        var response = await Post("Sentiment", "analyze", new { text = "배송이 너무 늦어서 정말 화가 나요" });
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, result.ToString());
        Assert.Equal("negative", result.GetProperty("label").GetString());
        Assert.Equal("lexicon", result.GetProperty("mode").GetString());
        Assert.Equal("ko", result.GetProperty("language").GetString());
    }

    [Fact]
    public async Task Names_are_case_insensitive_and_list_arguments_bind()
    {
        var response = await Post("sentiment", "ANALYZE_BATCH", new { texts = new[] { "great service, thank you", "terrible, broken on arrival" }, language = "en" });
        var results = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, results.ToString());
        Assert.Equal(["positive", "negative"], results.EnumerateArray().Select(r => r.GetProperty("label").GetString()));
    }

    [Fact]
    public async Task Any_registered_plugin_is_callable_with_typed_arguments()
    {
        var response = await Post("Echo", "repeat", new { text = "ab", times = 3 });
        Assert.Equal("\"ababab\"", await response.Content.ReadAsStringAsync());
        var list = await _server.ClientFor(TestKeys.Client).GetFromJsonAsync<JsonElement>("/api/plugins");
        var functions = list.EnumerateArray().Select(f => $"{f.GetProperty("plugin").GetString()}.{f.GetProperty("function").GetString()}").ToList();
        Assert.Contains("Sentiment.analyze", functions);
        Assert.Contains("Echo.repeat", functions);
    }

    [Theory]
    [InlineData("Sentiment", "analyze", "{}", "text", "required")]
    [InlineData("Sentiment", "analyze", "{\"text\": 5}", "text", "must be a string")]
    [InlineData("Sentiment", "analyze", "{\"text\": \"ok\", \"tone\": 1}", "tone", "not an argument")]
    [InlineData("Sentiment", "analyze", "{\"text\": \"   \"}", "text", "the text is empty")]
    [InlineData("Sentiment", "analyze", "{\"text\": \"ok\", \"language\": \"fr\"}", "language", "unknown language code")]
    [InlineData("Echo", "repeat", "{\"text\": \"a\", \"times\": \"many\"}", "times", "expected a number")]
    [InlineData("Sentiment", "analyze", "[1]", "body", "one JSON object")]
    [InlineData("Sentiment", "analyze", "{not json", "body", "not valid JSON")]
    public async Task Bad_arguments_are_400_problem_naming_the_argument(string plugin, string function, string json, string argument, string message)
    {
        var response = await _server.ClientFor(TestKeys.Client).PostAsync($"/api/plugins/{plugin}/{function}", new StringContent(json, Encoding.UTF8, "application/json"));
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").GetProperty(argument);
        Assert.Contains(message, errors[0].GetString());
    }

    [Theory]
    [InlineData("Nope", "analyze", "Sentiment")]
    [InlineData("Sentiment", "nope", "analyze")]
    public async Task Unknown_plugin_or_function_is_404_listing_the_known_ones(string plugin, string function, string listed)
    {
        var problem = await ProblemAssert.IsProblemAsync(await Post(plugin, function, new { text = "x" }), HttpStatusCode.NotFound);
        Assert.Contains(listed, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_failure_inside_is_a_500_problem_without_its_message()
    {
        var problem = await ProblemAssert.IsProblemAsync(await Post("Echo", "fail", new { }), HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("boom", problem.ToString());
    }

    private Task<HttpResponseMessage> Post(string plugin, string function, object body) =>
        _server.ClientFor(TestKeys.Client).PostAsJsonAsync($"/api/plugins/{plugin}/{function}", body);
}
