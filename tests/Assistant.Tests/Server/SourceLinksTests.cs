using System.Net.Http.Json;
using System.Text.Json;
using Assistant.Server;
using Assistant.Server.Apis;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Assistant.Tests.Server;

/// <summary>Sources as addresses people can open: Server:SourceLinks + path + the section's anchor.</summary>
public sealed class SourceLinksTests
{
    [Theory]
    [InlineData("Blender warranty", "blender-warranty")]
    [InlineData("Guide > Returns > Refunds & exchanges (EU)", "refunds--exchanges-eu")]
    [InlineData("설치 안내 > 블렌더 보증", "%EB%B8%94%EB%A0%8C%EB%8D%94-%EB%B3%B4%EC%A6%9D")]
    [InlineData("", "")]
    public void Anchor_is_the_innermost_heading_in_the_style_of_rendered_markdown(string section, string anchor) =>
        Assert.Equal(anchor, SourceLinks.Anchor(section));

    [Fact]
    public async Task Replies_carry_a_url_only_for_bases_with_a_link_root()
    {
        using var server = new ServerFactory(s => s["Server:SourceLinks:default"] = "https://help.example.com/docs");
        await KnowledgeBaseIsolation.SeedAsync(server);

        var fromDefault = await AskAsync(server.ClientFor(TestKeys.Client));
        Assert.Equal("https://help.example.com/docs/default-warranty.md#blender-warranty", fromDefault.GetProperty("url").GetString());

        var fromAcme = await AskAsync(server.ClientFor(TestKeys.AcmeClient));
        Assert.Equal(JsonValueKind.Null, fromAcme.GetProperty("url").ValueKind);
    }

    [Fact]
    public void Paths_are_escaped_segment_by_segment_and_web_sources_link_to_themselves()
    {
        using var server = new ServerFactory(s => s["Server:SourceLinks:default"] = "https://help.example.com/docs/");
        var kb = server.Services.GetRequiredService<Assistant.Core.KnowledgeBases.KnowledgeBaseRegistry>().Get("default");
        var links = new SourceLinks(server.Services.GetRequiredService<IOptions<ServerOptions>>());
        Assert.Equal("https://help.example.com/docs/guides/%EB%B0%98%ED%92%88%20%EC%95%88%EB%82%B4.md#%ED%99%98%EB%B6%88",
            links.For(kb, "guides/반품 안내.md", "반품 > 환불"));
        Assert.Equal("https://example.org/page?x=1", links.For(kb, "https://example.org/page?x=1", "Intro"));
    }

    [Theory]
    [InlineData("default", "not a url", "is not an absolute http(s) address")]
    [InlineData("default", "ftp://files.example/docs", "is not an absolute http(s) address")]
    [InlineData("nosuchbase", "https://help.example.com/", "knowledge base 'nosuchbase' is not configured")]
    public void Bad_link_roots_stop_the_server_with_the_setting_to_fix(string kb, string link, string message)
    {
        using var server = new ServerFactory(s => s[$"Server:SourceLinks:{kb}"] = link);
        var error = Assert.ThrowsAny<Exception>(() => server.CreateClient());
        Assert.Contains($"Server:SourceLinks:{kb}", error.ToString());
        Assert.Contains(message, error.ToString());
    }

    private static async Task<JsonElement> AskAsync(HttpClient client)
    {
        var created = await client.PostAsJsonAsync("/api/conversations", new { });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var reply = await client.PostAsJsonAsync($"/api/conversations/{id}/messages", new { content = KnowledgeBaseIsolation.Question + "?" });
        var body = await reply.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("sources")[0];
    }
}
