using System.Net.Http.Headers;
using Assistant.Server;
using Assistant.Server.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Tests.TestSupport;

/// <summary>
/// The real server app in memory over temp folders, with two knowledge bases ("default" and "acme") and a key per
/// role and base (<see cref="TestKeys"/>). Settings can be changed before the first client is made.
/// </summary>
public sealed class ServerFactory : WebApplicationFactory<ServerApp>
{
    public const string WidgetOrigin = "https://shop.example";

    private readonly Action<IServiceCollection>? _services;

    public ServerFactory(Action<Dictionary<string, string?>>? configure = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        Settings = new Dictionary<string, string?>
        {
            ["DataDirectory"] = Dir.Combine("data"),
            ["VectorStore"] = "Embedded",
            ["Models:DefaultChat"] = "",
            ["Models:DefaultEmbedding"] = "",
            ["KnowledgeBases:acme:DataDirectory"] = Dir.Combine("acme"),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        AddKey(TestKeys.Admin, ApiKeyRoles.Admin, null);
        AddKey(TestKeys.Client, ApiKeyRoles.Client, null);
        AddKey(TestKeys.AcmeAdmin, ApiKeyRoles.Admin, "acme");
        AddKey(TestKeys.AcmeClient, ApiKeyRoles.Client, "acme");
        AddKey(TestKeys.Widget, ApiKeyRoles.Widget, null);
        Settings[$"Server:ApiKeys:{TestKeys.Widget}:AllowedOrigins:0"] = WidgetOrigin;
        configure?.Invoke(Settings);
    }

    public TempDir Dir { get; } = new();

    public Dictionary<string, string?> Settings { get; }

    /// <summary>A key named <paramref name="key"/> whose secret is "secret-" + name.</summary>
    public void AddKey(string key, string role, string? knowledgeBase)
    {
        Settings[$"Server:ApiKeys:{key}:Sha256"] = ApiKeyHasher.HashHex(TestKeys.Secret(key));
        Settings[$"Server:ApiKeys:{key}:Role"] = role;
        if (knowledgeBase is not null) Settings[$"Server:ApiKeys:{key}:KnowledgeBase"] = knowledgeBase;
    }

    /// <summary>A client sending the key as <c>Authorization: Bearer</c> (or <c>X-Api-Key</c>).</summary>
    public HttpClient ClientFor(string key, bool asHeader = false, string? origin = null)
    {
        var client = CreateClient();
        if (asHeader) client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, TestKeys.Secret(key));
        else client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestKeys.Secret(key));
        if (origin is not null) client.DefaultRequestHeaders.Add("Origin", origin);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(Settings));
        if (_services is not null) builder.ConfigureServices(_services);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Dir.Dispose();
    }
}

/// <summary>Key names of <see cref="ServerFactory"/>; the secret of each is <see cref="Secret"/>.</summary>
public static class TestKeys
{
    public const string Admin = "admin";
    public const string Client = "client";
    public const string AcmeAdmin = "acme-admin";
    public const string AcmeClient = "acme-client";
    public const string Widget = "widget";

    public static string Secret(string key) => "secret-" + key;
}
