namespace Assistant.Server.Security;

/// <summary>What a key may do. Role names are the values of <c>Server:ApiKeys:&lt;name&gt;:Role</c>.</summary>
public static class ApiKeyRoles
{
    /// <summary>A back end or app: chat, search, plugins.</summary>
    public const string Client = "client";

    /// <summary>A key inside a public web page: chat and search only, only from its origins, tight rate limit.</summary>
    public const string Widget = "widget";

    /// <summary>Everything a client may do, plus managing documents (and, with conversations, reading feedback).</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Client, Widget, Admin];
}

/// <summary>Authorization policies, one per endpoint group.</summary>
public static class ApiPolicies
{
    /// <summary>Chat and search: client, admin, and widget keys used from one of their origins.</summary>
    public const string Chat = "chat";

    /// <summary>Plugin functions: client and admin (a public widget key gets no other rights).</summary>
    public const string Plugins = "plugins";

    /// <summary>Document management: admin.</summary>
    public const string Admin = "admin";
}

/// <summary>Claim types the API key handler puts on the caller.</summary>
public static class ApiKeyClaims
{
    public const string KnowledgeBase = "assistant:kb";

    public const string KeyName = "assistant:key";

    /// <summary>One per allowed origin of a widget key.</summary>
    public const string Origin = "assistant:origin";
}
