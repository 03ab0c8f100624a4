using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Assistant.Tests.TestSupport;

/// <summary>
/// Seeds the two knowledge bases of a <see cref="ServerFactory"/> through the upload API with documents that share a
/// question but carry different marker words, so any endpoint that answers or searches can be checked for leaks:
/// ask <see cref="Question"/> with a key of one base and the other base's marker must never come back.
/// Reused by the chat, OpenAI-compatible and MCP endpoint tests.
/// </summary>
public static class KnowledgeBaseIsolation
{
    public const string Question = "warranty period for the blender";
    public const string DefaultMarker = "zanzibar";
    public const string AcmeMarker = "quetzalcoatl";

    public static async Task SeedAsync(ServerFactory server)
    {
        await UploadAsync(server.ClientFor(TestKeys.Admin), "default-warranty.md", DefaultMarker);
        await UploadAsync(server.ClientFor(TestKeys.AcmeAdmin), "acme-warranty.md", AcmeMarker);
    }

    /// <summary>
    /// Runs <paramref name="ask"/> (the endpoint under test: key's client, question → response text) for a key of each
    /// base and checks each sees its own marker and never the other's.
    /// </summary>
    public static async Task AssertIsolatedAsync(ServerFactory server, Func<HttpClient, string, Task<string>> ask)
    {
        var fromDefault = await ask(server.ClientFor(TestKeys.Client), Question);
        Assert.Contains(DefaultMarker, fromDefault, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(AcmeMarker, fromDefault, StringComparison.OrdinalIgnoreCase);

        var fromAcme = await ask(server.ClientFor(TestKeys.AcmeClient), Question);
        Assert.Contains(AcmeMarker, fromAcme, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(DefaultMarker, fromAcme, StringComparison.OrdinalIgnoreCase);
    }

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient admin, string name, string marker)
    {
        var text = $"# Blender warranty\n\nThe warranty period for the blender is two years. Registration code {marker}.\n";
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
        form.Add(file, "files", name);
        var response = await admin.PostAsync("/api/documents", form);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return response;
    }
}
