using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Assistant.Server.Security;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Assistant.Server.Limits;

/// <summary>
/// The built-in rate limiter, one fixed one-minute window per key (by key name; per client address for callers
/// without a valid key). Widget keys get Server:RateLimit:WidgetPermitsPerMinute. Runs after authentication.
/// </summary>
public static class RateLimiting
{
    public static IServiceCollection AddPerKeyRateLimiter(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.RateLimit;
                var user = context.User;
                var (partition, permits) = user.Identity?.IsAuthenticated == true
                    ? ("key:" + user.FindFirstValue(ApiKeyClaims.KeyName), user.IsInRole(ApiKeyRoles.Widget) ? limits.WidgetPermitsPerMinute : limits.PermitsPerMinute)
                    : ("ip:" + context.Connection.RemoteIpAddress, limits.AnonymousPermitsPerMinute);
                return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (rejected, ct) =>
            {
                var context = rejected.HttpContext;
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Type = "https://tools.ietf.org/html/rfc6585#section-4",
                        Title = "Too many requests",
                        Detail = "This key has used its requests for this minute (Server:RateLimit); retry after the Retry-After seconds.",
                    },
                });
            };
        });
        return services;
    }
}
