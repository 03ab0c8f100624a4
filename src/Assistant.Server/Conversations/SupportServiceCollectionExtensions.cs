using Assistant.Server.Conversations;

namespace Assistant.Server.Extensions;

public static class SupportServiceCollectionExtensions
{
    /// <summary>Support conversations, feedback and escalations (<see cref="SupportOptions"/> from <c>Server:Support</c>).</summary>
    public static IServiceCollection AddSupportConversations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SupportOptions>().Bind(configuration.GetSection(SupportOptions.SectionName));
        services.AddSingleton<EscalationPolicy>();
        services.AddSingleton<SupportConversations>();
        return services;
    }
}
