using Assistant.Server.Apis;
using Assistant.Server.Limits;
using Assistant.Server.Widget;
using Scalar.AspNetCore;

namespace Assistant.Server.Extensions;

public static class ServerPipelineExtensions
{
    /// <summary>
    /// The request pipeline and every endpoint. Order matters: errors become Problem Details first; the body cap
    /// needs the endpoint (uploads get a larger one); the rate limiter partitions by key, so it runs after
    /// authentication and before authorization.
    /// </summary>
    public static WebApplication MapAssistantApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseCors(ServerServiceCollectionExtensions.CorsPolicy);
        app.UseMiddleware<BodySizeLimitMiddleware>();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();

        var api = app.MapGroup("/api");
        api.MapSearchApi();
        api.MapDocumentsApi();
        api.MapPluginsApi();
        api.MapConversationsApi();
        app.MapHealthApi();
        app.MapOpenAiApi();
        app.MapAssistantMcp();
        app.MapWidget();

        // In every environment: the document is the contract of the API, not a development aid.
        app.MapOpenApi().AllowAnonymous().DisableRateLimiting();
        // Scalar serves its script from the package itself (/docs/scalar.js), so the page works offline; fonts from its CDN are off.
        app.MapScalarApiReference("/docs", o => o.WithTitle("Assistant API").DisableDefaultFonts()).AllowAnonymous().DisableRateLimiting();
        return app;
    }
}
