using System.Security.Claims;
using Assistant.Core.KnowledgeBases;

namespace Assistant.Server.Security;

public static class CallerExtensions
{
    /// <summary>The knowledge base of the caller's key. Never from the request: the key decides.</summary>
    public static string KnowledgeBaseName(this ClaimsPrincipal user) =>
        user.FindFirstValue(ApiKeyClaims.KnowledgeBase) ?? throw new InvalidOperationException("no knowledge base on an authenticated caller");

    public static KnowledgeBase KnowledgeBase(this HttpContext context) =>
        context.RequestServices.GetRequiredService<KnowledgeBaseRegistry>().Get(context.User.KnowledgeBaseName());
}
