namespace Assistant.Server.Widget;

/// <summary>
/// <c>/widget.js</c>, the script a site embeds with one tag, and <c>/widget</c>, a page to try it against this
/// server (the key goes in the address's fragment, which browsers never send). Neither needs a key: the key is
/// checked on the API calls the widget makes, against the page's origin.
/// </summary>
public static class WidgetApi
{
    public static WebApplication MapWidget(this WebApplication app)
    {
        app.MapGet(WidgetAssets.ScriptPath, (HttpContext context, WidgetAssets assets) =>
        {
            // Pages that isolate themselves (Cross-Origin-Embedder-Policy) may still load the script from here.
            context.Response.Headers["Cross-Origin-Resource-Policy"] = "cross-origin";
            return assets.Script.Serve(context);
        }).AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();

        app.MapGet(WidgetAssets.PagePath, (HttpContext context, WidgetAssets assets) =>
        {
            context.Response.Headers.ContentSecurityPolicy = assets.PagePolicy;
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            return assets.Page.Serve(context);
        }).AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();
        return app;
    }
}
