using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Assistant.Tests.Server;

/// <summary>One Server-Sent Event as parsed from the stream: its name and its JSON data.</summary>
internal sealed record SseEvent(string Name, JsonElement Data);

/// <summary>Calls of the conversation API, and a strict parser of its event stream.</summary>
internal static class ConversationClient
{
    public static async Task<string> CreateAsync(HttpClient client)
    {
        var response = await client.PostAsync("/api/conversations", null);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> SendAsync(HttpClient client, string id, string content)
    {
        var response = await client.PostAsJsonAsync($"/api/conversations/{id}/messages", new { content });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }

    public static async Task<(HttpResponseMessage Response, IReadOnlyList<SseEvent> Events)> StreamAsync(HttpClient client, string id, string content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{id}/messages") { Content = JsonContent.Create(new { content }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return (response, Parse(body));
    }

    /// <summary>Every event is "event: NAME\ndata: JSON\n\n"; anything else fails the test.</summary>
    public static IReadOnlyList<SseEvent> Parse(string body)
    {
        Assert.EndsWith("\n\n", body);
        List<SseEvent> events = [];
        foreach (var block in body[..^2].Split("\n\n"))
        {
            var lines = block.Split('\n');
            Assert.True(lines.Length == 2, $"event block: {block}");
            Assert.StartsWith("event: ", lines[0]);
            Assert.StartsWith("data: ", lines[1]);
            events.Add(new SseEvent(lines[0]["event: ".Length..], JsonDocument.Parse(lines[1]["data: ".Length..]).RootElement));
        }

        return events;
    }
}
