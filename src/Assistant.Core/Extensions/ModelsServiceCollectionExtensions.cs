using Assistant.Core.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Assistant.Core.Extensions;

public static class ModelsServiceCollectionExtensions
{
    /// <summary>Name of the HttpClient handler chain every model connector and probe sends through.</summary>
    public const string HttpClientName = "Assistant.Models";

    /// <summary>
    /// Registers the Models section (validated at start with fix-it messages), <see cref="ModelProfileFactory"/>,
    /// <see cref="ModelCatalog"/>, and the default chat client / embedding generator (created on first use,
    /// so a missing key only fails when the model is actually called).
    /// </summary>
    public static IServiceCollection AddModels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ModelsOptions>()
            .Bind(configuration.GetSection(ModelsOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelsOptions>, ModelsOptionsValidator>());
        services.AddHttpClient(HttpClientName)
            // The connect step reads each profile's ConnectTimeoutSeconds from the request (ModelHttpTransport).
            .ConfigurePrimaryHttpMessageHandler(Assistant.Core.Models.Http.ModelHttpTransport.CreateHandler);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ModelFactorySettings
        {
            Time = sp.GetRequiredService<TimeProvider>(),
            PrimaryHandler = () => sp.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(HttpClientName),
            LoggerFactory = sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>(),
        });
        services.TryAddSingleton(sp => new ModelProfileFactory(sp.GetRequiredService<IOptions<ModelsOptions>>(), sp.GetRequiredService<ModelFactorySettings>()));
        services.TryAddSingleton(sp => new ModelCatalog(sp.GetRequiredService<ModelProfileFactory>(), sp.GetRequiredService<ModelFactorySettings>()));
        return services;
    }
}
