using System.Net;
using System.Text.Json;

namespace Assistant.Tests.Server;

/// <summary>RFC 9457 Problem Details: the media type, the standard members, and nothing from inside the server.</summary>
internal static class ProblemAssert
{
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.True(problem.TryGetProperty("type", out _), body);
        Assert.True(problem.TryGetProperty("traceId", out _), body);
        foreach (var leak in new[] { "   at ", "Exception", "secret-", "/tmp/", "assistant-tests-" })
        {
            Assert.DoesNotContain(leak, body);
        }

        return problem;
    }
}
