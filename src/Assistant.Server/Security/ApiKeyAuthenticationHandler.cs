using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Assistant.Server.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> (what OpenAI SDKs send) or <c>X-Api-Key: &lt;key&gt;</c>.
/// The caller becomes the key's name, role and knowledge base. A missing or wrong key is a 401 Problem Details.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented(Request);
        if (presented is null) return Task.FromResult(AuthenticateResult.NoResult());
        if (keys.Find(presented) is not { } key) return Task.FromResult(AuthenticateResult.Fail("unknown API key"));

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, key.Name),
            new Claim(ApiKeyClaims.KeyName, key.Name),
            new Claim(ClaimTypes.Role, key.Role),
            new Claim(ApiKeyClaims.KnowledgeBase, key.KnowledgeBase),
        ], SchemeName);
        identity.AddClaims(key.AllowedOrigins.Select(o => new Claim(ApiKeyClaims.Origin, o)));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask; // the status-code pages write the Problem Details body
    }

    internal static string? Presented(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var header) && header.ToString() is { Length: > 0 } fromHeader) return fromHeader.Trim();
        var authorization = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        return authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) && authorization.Length > bearer.Length
            ? authorization[bearer.Length..].Trim()
            : null;
    }
}
