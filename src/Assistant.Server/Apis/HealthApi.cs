using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Assistant.Server.Apis;

/// <summary>/healthz: the process answers. /readyz: the stores open and the default chat model (if any) is reachable.</summary>
public static class HealthApi
{
    public const string ReadyTag = "ready";

    public static WebApplication MapHealthApi(this WebApplication app)
    {
        var health = app.MapGroup("").WithTags("Health").DisableRateLimiting().AllowAnonymous();
        health.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("Healthy", [])))
            .WithName("Alive").WithSummary("The server process is up");
        health.MapGet("/readyz", ReadyAsync)
            .WithName("Ready").WithSummary("Every knowledge base store opens and the default chat model, when one is configured, is reachable (503 otherwise)")
            .Produces<HealthResponse>().Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> ReadyAsync(HealthCheckService checks, CancellationToken ct)
    {
        var report = await checks.CheckHealthAsync(c => c.Tags.Contains(ReadyTag), ct);
        var body = new HealthResponse(report.Status.ToString(), [.. report.Entries.Select(e => new HealthEntry(e.Key, e.Value.Status.ToString(), e.Value.Description))]);
        return TypedResults.Json(body, statusCode: report.Status == HealthStatus.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}

public sealed record HealthResponse(string Status, IReadOnlyList<HealthEntry> Checks);

public sealed record HealthEntry(string Name, string Status, string? Description);
