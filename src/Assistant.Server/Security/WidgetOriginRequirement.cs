using Microsoft.AspNetCore.Authorization;

namespace Assistant.Server.Security;

/// <summary>
/// A widget key is public (it sits in a web page), so it only counts when the browser says the request comes from
/// one of the key's pages: the Origin header must be one of its AllowedOrigins. Other roles pass.
/// </summary>
public sealed class WidgetOriginRequirement : IAuthorizationRequirement;

public sealed class WidgetOriginHandler(IHttpContextAccessor http) : AuthorizationHandler<WidgetOriginRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, WidgetOriginRequirement requirement)
    {
        var origin = http.HttpContext?.Request.Headers.Origin.ToString().TrimEnd('/');
        if (!context.User.IsInRole(ApiKeyRoles.Widget)
            || (!string.IsNullOrEmpty(origin) && context.User.FindAll(ApiKeyClaims.Origin).Any(c => string.Equals(c.Value, origin, StringComparison.OrdinalIgnoreCase))))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
