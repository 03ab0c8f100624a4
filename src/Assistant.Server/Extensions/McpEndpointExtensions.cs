using Assistant.Mcp;
using Assistant.Plugins.CodeReview;
using Assistant.Plugins.Sentiment;
using Assistant.Plugins.Summarize;
using Assistant.Plugins.Translate;
using Assistant.Server.Security;

namespace Assistant.Server.Extensions;

/// <summary>
/// MCP over Streamable HTTP at <c>/mcp</c>: the same tools as <c>assistant mcp</c>, behind the same keys (client and
/// admin; a widget key gets chat only), each call working on the caller's knowledge base (<see cref="KeyDocumentScope"/>).
/// </summary>
public static class McpEndpointExtensions
{
    public const string Path = "/mcp";

    public static IServiceCollection AddAssistantMcpEndpoint(this IServiceCollection services, IConfiguration configuration)
    {
        // The plugins' settings, as the CLI binds them (AddAssistantPlugins would also list them as /api/plugins functions).
        services.AddOptions<SummarizeOptions>().Bind(configuration.GetSection(SummarizeOptions.SectionName));
        services.AddOptions<TranslateOptions>().Bind(configuration.GetSection(TranslateOptions.SectionName));
        services.AddOptions<SentimentOptions>().Bind(configuration.GetSection(SentimentOptions.SectionName));
        services.AddOptions<CodeReviewOptions>().Bind(configuration.GetSection(CodeReviewOptions.SectionName));
        services.AddSingleton<IMcpDocumentScope, KeyDocumentScope>();
        services.AddMcpServer(o => o.ServerInfo = McpServiceExtensions.ServerInfo)
            .WithHttpTransport()
            .AddAssistantMcpTools();
        return services;
    }

    public static WebApplication MapAssistantMcp(this WebApplication app)
    {
        app.MapMcp(Path).RequireAuthorization(ApiPolicies.Plugins).WithTags("MCP");
        return app;
    }
}
