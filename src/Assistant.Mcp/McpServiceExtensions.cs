using Assistant.Core.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Assistant.Mcp;

/// <summary>Wiring for the assistant's MCP server, shared by <c>assistant mcp</c> and any server that maps the tools.</summary>
public static class McpServiceExtensions
{
    /// <summary>The server's name and version as MCP clients see them.</summary>
    public const string ServerName = "assistant";

    /// <summary>Adds the tools <c>summarize</c>, <c>translate</c>, <c>sentiment</c>, <c>code_review</c>, <c>search_documents</c> and <c>ask</c>.
    /// Their documents come from the registered <see cref="IMcpDocumentScope"/>, by default the container's own index.</summary>
    /// <param name="builder">The MCP server builder.</param>
    public static IMcpServerBuilder AddAssistantMcpTools(this IMcpServerBuilder builder)
    {
        builder.Services.TryAddSingleton<IMcpDocumentScope>(sp => new ContainerDocumentScope(sp));
        return builder.WithTools<AssistantMcpTools>();
    }

    /// <summary>The name and version the server reports to MCP clients.</summary>
    public static ModelContextProtocol.Protocol.Implementation ServerInfo => new() { Name = ServerName, Version = Version };

    /// <summary>
    /// Runs the server on stdio until stdin closes. stdout carries JSON-RPC, so every log provider is cleared and
    /// <paramref name="addServices"/> must log to stderr only.
    /// </summary>
    /// <param name="addServices">Registers the assistant's services (models, knowledge base, kernel, plugins) and logging.</param>
    /// <param name="cancellationToken">Stops the server.</param>
    public static async Task RunStdioAsync(Action<IServiceCollection> addServices, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(HostArguments.WithoutConfigWatch());
        builder.Logging.ClearProviders();
        addServices(builder.Services);
        builder.Services.AddMcpServer(o => o.ServerInfo = ServerInfo)
            .WithStdioServerTransport()
            .AddAssistantMcpTools();
        await builder.Build().RunAsync(cancellationToken);
    }

    /// <summary>Runs the server over Streamable HTTP at <paramref name="url"/> (its path, or /mcp); tells <paramref name="started"/> the bound address.</summary>
    /// <param name="url">E.g. http://127.0.0.1:8765/mcp; port 0 picks a free port.</param>
    /// <param name="addServices">Registers the assistant's services and logging.</param>
    /// <param name="started">Told the endpoint once listening (with the real port).</param>
    /// <param name="cancellationToken">Stops the server.</param>
    public static async Task RunHttpAsync(Uri url, Action<IServiceCollection> addServices, Action<Uri> started, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(HostArguments.WithoutConfigWatch());
        builder.Logging.ClearProviders();
        addServices(builder.Services);
        builder.WebHost.UseUrls($"{url.Scheme}://{url.Host}:{url.Port}");
        builder.Services.AddMcpServer(o => o.ServerInfo = ServerInfo)
            .WithHttpTransport()
            .AddAssistantMcpTools();
        await using var app = builder.Build();
        var path = url.AbsolutePath.TrimEnd('/') is { Length: > 0 } p ? p : "/mcp";
        app.MapMcp(path);
        await app.StartAsync(cancellationToken);
        var bound = new Uri(app.Urls.First());
        started(new UriBuilder(bound) { Path = path }.Uri);
        await app.WaitForShutdownAsync(cancellationToken);
    }

    private static string Version => typeof(McpServiceExtensions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
