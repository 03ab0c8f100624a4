namespace Assistant.Server;

/// <summary>The <c>Server</c> section: keys, limits and CORS. Keys hold only the SHA-256 of the secret.</summary>
public sealed class ServerOptions
{
    public const string SectionName = "Server";

    /// <summary>Where <c>assistant serve</c> listens without --urls: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:8080";

    public Dictionary<string, ApiKeyOptions> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    public RateLimitOptions RateLimit { get; set; } = new();

    public CorsOptions Cors { get; set; } = new();

    public LimitsOptions Limits { get; set; } = new();

    public HealthOptions Health { get; set; } = new();

    /// <summary>
    /// Where each knowledge base's documents are published for people to read, e.g. <c>"default":
    /// "https://help.example.com/docs/"</c>. A reply's sources then carry a <c>url</c> (base + document path +
    /// <c>#section</c>) that the widget links to; without one, sources are named but not linked.
    /// </summary>
    public Dictionary<string, string> SourceLinks { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One key: <c>Server:ApiKeys:&lt;name&gt;</c>. Made by <c>assistant keys create</c>.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Lower- or upper-case hex of SHA-256 over the key's UTF-8 bytes.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>client, widget or admin.</summary>
    public string Role { get; set; } = "";

    /// <summary>The knowledge base every request with this key works on; default "default".</summary>
    public string? KnowledgeBase { get; set; }

    /// <summary>Widget keys: the page origins (scheme://host[:port]) allowed to use the key.</summary>
    public List<string> AllowedOrigins { get; set; } = [];
}

public sealed class RateLimitOptions
{
    /// <summary>Requests per key per minute (client and admin keys).</summary>
    public int PermitsPerMinute { get; set; } = 60;

    /// <summary>Widget keys live in public pages, so they get far fewer.</summary>
    public int WidgetPermitsPerMinute { get; set; } = 10;

    /// <summary>Requests without a valid key, per client address (they are all refused, but cheaply).</summary>
    public int AnonymousPermitsPerMinute { get; set; } = 30;
}

public sealed class CorsOptions
{
    /// <summary>Origins whose pages may call the API from a browser; none by default (no CORS headers at all).</summary>
    public List<string> AllowedOrigins { get; set; } = [];
}

public sealed class LimitsOptions
{
    /// <summary>Any request body except uploads (413 past it).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>A whole multipart upload to POST /api/documents (413 past it).</summary>
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Files in one upload.</summary>
    public int MaxUploadFiles { get; set; } = 20;

    /// <summary>A message, query or text argument (413 past it).</summary>
    public int MaxMessageChars { get; set; } = 8000;
}

public sealed class HealthOptions
{
    /// <summary>How long /readyz reuses its model check, so probes every few seconds do not call the model each time.</summary>
    public int ModelCheckCacheSeconds { get; set; } = 30;
}
