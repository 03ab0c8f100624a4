using Assistant.Core.Models;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Assistant.Server.Health;

/// <summary>
/// Ready when no chat model is configured (answers are extractive) or the default one is reachable and usable.
/// The probe result is reused for Server:Health:ModelCheckCacheSeconds, so frequent probes cost one model check.
/// </summary>
public sealed class ChatModelHealthCheck(IOptions<ModelsOptions> models, IOptions<ServerOptions> server, ModelCatalog catalog, TimeProvider time) : IHealthCheck
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (HealthCheckResult Result, DateTimeOffset At)? _cached;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var name = models.Value.DefaultChat;
        if (string.IsNullOrWhiteSpace(name)) return HealthCheckResult.Healthy("no chat model configured: answers quote the documents");

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var ttl = TimeSpan.FromSeconds(server.Value.Health.ModelCheckCacheSeconds);
            if (_cached is { } hit && time.GetUtcNow() - hit.At < ttl) return hit.Result;

            var probes = await catalog.ProbeAsync(cancellationToken);
            var probe = probes.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            var result = probe is { Usable: true }
                ? HealthCheckResult.Healthy($"chat model '{name}' is reachable")
                : HealthCheckResult.Unhealthy($"chat model '{name}' is not usable: {probe?.Status ?? "no such profile"}");
            _cached = (result, time.GetUtcNow());
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }
}
