using Assistant.Core.Models;
using OllamaSharp;

namespace Assistant.Core.Evaluation;

/// <summary>Memory a profile's model occupies where it runs; null when unknown.</summary>
public interface IModelMemoryProbe
{
    Task<long?> GetMemoryBytesAsync(string profile, CancellationToken cancellationToken);
}

/// <summary>
/// For Ollama profiles: the size <c>/api/ps</c> reports for the profile's model (weights and KV cache, RAM and VRAM),
/// read right after the model answered, while it is still loaded. Any other provider, or a server that does not
/// answer within a few seconds, gives null: memory is a nice-to-have, never a reason for the run to fail.
/// </summary>
public sealed class OllamaMemoryProbe(ModelProfileFactory profiles, Func<HttpMessageHandler>? handler = null) : IModelMemoryProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<long?> GetMemoryBytesAsync(string profile, CancellationToken cancellationToken)
    {
        if (!profiles.Options.Profiles.TryGetValue(profile, out var p) || !ModelProviders.Is(p.Provider, ModelProviders.Ollama)) return null;
        try
        {
            using var http = new HttpClient(handler?.Invoke() ?? new SocketsHttpHandler(), disposeHandler: true) { BaseAddress = p.ResolveEndpoint(), Timeout = Timeout };
            using var client = new OllamaApiClient(http);
            var running = await client.ListRunningModelsAsync(cancellationToken);
            var model = running.FirstOrDefault(m => SameModel(m.Name, p.Model));
            return model?.Size;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    // "llama3.2" in a profile is "llama3.2:latest" on the server.
    private static bool SameModel(string running, string configured) =>
        string.Equals(running, configured, StringComparison.OrdinalIgnoreCase)
        || (!configured.Contains(':') && string.Equals(running, configured + ":latest", StringComparison.OrdinalIgnoreCase));
}
