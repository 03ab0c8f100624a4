using System.Text.Json.Nodes;

namespace Assistant.Core.Models.Http;

/// <summary>
/// OpenAI's <c>/embeddings</c> answer gives each vector an <c>index</c>; Microsoft.Extensions.AI.OpenAI returns the
/// vectors in the order they arrive and drops the index. Servers that answer out of order would then pair vectors
/// with the wrong chunks without any error, so the body is put in index order before the SDK reads it.
/// </summary>
internal static class EmbeddingOrder
{
    public static bool Applies(HttpRequestMessage request, HttpResponseMessage response) =>
        request.Method == HttpMethod.Post
        && request.RequestUri?.AbsolutePath.EndsWith("/embeddings", StringComparison.Ordinal) == true
        && string.Equals(response.Content.Headers.ContentType?.MediaType, "application/json", StringComparison.OrdinalIgnoreCase);

    public static async Task SortAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        var content = new ByteArrayContent(body);
        try
        {
            if (JsonNode.Parse(body) is JsonObject root && root["data"] is JsonArray data
                && data.Select(Index).ToList() is var indexes && indexes.All(i => i is not null) && !indexes.SequenceEqual(indexes.Order()))
            {
                var sorted = data.Select(d => d!.DeepClone()).OrderBy(Index).ToArray();
                root["data"] = new JsonArray(sorted);
                content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(root.ToJsonString()));
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON after all: hand it on unchanged and let the SDK report it.
        }

        foreach (var header in response.Content.Headers.Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content.Dispose();
        response.Content = content;
    }

    private static int? Index(JsonNode? item) => item?["index"] is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;
}
