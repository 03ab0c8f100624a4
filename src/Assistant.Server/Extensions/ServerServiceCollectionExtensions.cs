using Assistant.Core.Extensions;
using Assistant.Core.KernelHost;
using Assistant.Core.Models;
using Assistant.Plugins.Sentiment;
using Assistant.Server.Apis;
using Assistant.Server.Health;
using Assistant.Server.Limits;
using Assistant.Server.Plugins;
using Assistant.Server.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace Assistant.Server.Extensions;

public static class ServerServiceCollectionExtensions
{
    public const string CorsPolicy = "configured-origins";

    /// <summary>
    /// Everything the server needs: Core's registrations (models, knowledge base, kernel, the knowledge-base registry),
    /// the Sentiment plugin, API keys and roles, rate limits, CORS, Problem Details, health checks and OpenAPI.
    /// </summary>
    public static IServiceCollection AddAssistantServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModels(configuration);
        if (!string.IsNullOrWhiteSpace(configuration["Models:DefaultEmbedding"]))
        {
            // Dense and hybrid retrieval switch on when an embedding profile is the default (as in the CLI).
            services.AddSingleton(sp => sp.GetRequiredService<ModelProfileFactory>().CreateEmbeddingGenerator(null));
        }

        services.AddKnowledgeBase(configuration);
        services.AddAssistantKernel(configuration);
        services.AddKnowledgeBaseRegistry(configuration);
        services.AddSentimentPlugin(configuration);
        services.AddSingleton<PluginCatalog>();

        services.AddOptions<ServerOptions>().Bind(configuration.GetSection(ServerOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<MessageLimit>();
        services.AddSingleton<DocumentUploader>();
        services.AddSingleton<SourceLinks>();
        services.AddSingleton<Widget.WidgetAssets>();
        services.AddSupportConversations(configuration);
        services.AddSingleton<OpenAi.OpenAiModelCatalog>();
        services.AddAssistantMcpEndpoint(configuration);
        services.AddHttpContextAccessor();

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, WidgetOriginHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicies.Chat, p => p.RequireRole(ApiKeyRoles.Client, ApiKeyRoles.Widget, ApiKeyRoles.Admin).AddRequirements(new WidgetOriginRequirement()))
            .AddPolicy(ApiPolicies.Plugins, p => p.RequireRole(ApiKeyRoles.Client, ApiKeyRoles.Admin))
            .AddPolicy(ApiPolicies.Admin, p => p.RequireRole(ApiKeyRoles.Admin));
        services.AddPerKeyRateLimiter();

        // Read when first needed (not while registering), so settings layered on later (tests, hosts) count too.
        // A widget key's pages are allowed origins too: the browser's preflight carries no key, and the key's
        // own origin check (WidgetOriginRequirement) still decides each real request.
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<ServerOptions>>((cors, server) =>
            cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins([.. server.Value.Cors.AllowedOrigins
                    .Concat(server.Value.ApiKeys.Values.Where(k => k.Role == ApiKeyRoles.Widget).SelectMany(k => k.AllowedOrigins))
                    .Select(o => o.TrimEnd('/'))
                    .Distinct(StringComparer.OrdinalIgnoreCase)])
                .WithMethods("GET", "POST", "DELETE")
                .WithHeaders("Authorization", ApiKeyAuthenticationHandler.HeaderName, "Content-Type", "Accept")
                .WithExposedHeaders("Retry-After")));

        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddHealthChecks()
            .AddCheck<KnowledgeStoresHealthCheck>("knowledge-stores", tags: [HealthApi.ReadyTag])
            .AddCheck<ChatModelHealthCheck>("chat-model", tags: [HealthApi.ReadyTag]);
        services.AddSingleton<ChatModelHealthCheck>();
        services.AddOpenApi(o => o.AddDocumentTransformer<ApiKeySecurityTransformer>());
        return services;
    }

    /// <summary>The Sentiment function plugin (lexicon mode without a model; the model reads the text when one is configured).</summary>
    public static IServiceCollection AddSentimentPlugin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp =>
        {
            var options = configuration.GetSection(SentimentOptions.SectionName).Get<SentimentOptions>() ?? new SentimentOptions();
            var prompts = sp.GetRequiredService<PromptLibrary>().Plugins.FirstOrDefault(p => p.Name == SentimentPlugin.PluginName);
            return KernelPluginFactory.CreateFromObject(new SentimentPlugin(options, prompts), SentimentPlugin.PluginName);
        });
        return services;
    }
}
