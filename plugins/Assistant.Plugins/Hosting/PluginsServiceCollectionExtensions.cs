using Assistant.Plugins.CodeReview;
using Assistant.Plugins.Sentiment;
using Assistant.Plugins.Summarize;
using Assistant.Plugins.Translate;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.SemanticKernel;

namespace Assistant.Plugins.Hosting;

/// <summary>Registration of the plugins in a host (needs <c>AddModels</c>, <c>AddKnowledgeBase</c> and <c>AddAssistantKernel</c>).</summary>
public static class PluginsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>Plugins:Summarize|Translate|Sentiment|CodeReview</c>, registers <see cref="AssistantPlugins"/>, and registers each
    /// native plugin as a <see cref="KernelPlugin"/> service, so a host (an agent) can take them as tools with
    /// <c>GetServices&lt;KernelPlugin&gt;()</c> without knowing their types.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root.</param>
    public static IServiceCollection AddAssistantPlugins(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SummarizeOptions>().Bind(configuration.GetSection(SummarizeOptions.SectionName));
        services.AddOptions<TranslateOptions>().Bind(configuration.GetSection(TranslateOptions.SectionName));
        services.AddOptions<SentimentOptions>().Bind(configuration.GetSection(SentimentOptions.SectionName));
        services.AddOptions<CodeReviewOptions>().Bind(configuration.GetSection(CodeReviewOptions.SectionName));
        services.TryAddSingleton<AssistantPlugins>();
        foreach (var index in Enumerable.Range(0, AssistantPlugins.Count))
        {
            services.AddSingleton(sp => sp.GetRequiredService<AssistantPlugins>().CreateKernelPlugins()[index]);
        }

        return services;
    }
}
