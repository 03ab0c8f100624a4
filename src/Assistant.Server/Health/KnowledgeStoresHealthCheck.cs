using Assistant.Core.KnowledgeBases;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Assistant.Server.Health;

/// <summary>Ready when every configured knowledge base's store opens and answers a count.</summary>
public sealed class KnowledgeStoresHealthCheck(KnowledgeBaseRegistry registry) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>();
        foreach (var name in registry.Names)
        {
            try
            {
                var kb = registry.Get(name);
                await kb.Store.InitializeAsync(cancellationToken);
                data[name] = (await kb.Store.GetStatsAsync(cancellationToken)).Documents;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy($"knowledge base '{name}': the store does not open ({ex.GetType().Name})");
            }
        }

        return HealthCheckResult.Healthy($"{registry.Names.Count} knowledge base(s) open", data);
    }
}
