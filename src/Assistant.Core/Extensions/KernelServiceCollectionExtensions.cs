using Assistant.Core.Answering;
using Assistant.Core.KernelHost;
using Assistant.Core.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace Assistant.Core.Extensions;

public static class KernelServiceCollectionExtensions
{
    /// <summary>
    /// The Semantic Kernel host every entry point shares (needs <c>AddModels</c> and <c>AddKnowledgeBase</c>):
    /// the prompt plugins of <c>prompts/</c> (validated when first resolved), <see cref="AssistantKernelFactory"/> for a
    /// Kernel over any profile, a DI <see cref="Kernel"/> (<c>AddKernel()</c>) whose chat service is Models:DefaultChat
    /// with kernel function invocation, and <see cref="AnswerService"/>.
    /// </summary>
    public static IServiceCollection AddAssistantKernel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PromptsOptions>().Bind(configuration.GetSection(PromptsOptions.SectionName)).ValidateOnStart();
        services.TryAddSingleton(sp => PromptLibrary.Load(sp.GetRequiredService<IOptions<PromptsOptions>>().Value));
        services.TryAddSingleton(sp => new AssistantKernelFactory(sp.GetRequiredService<PromptLibrary>()));

        // The DI Kernel, for surfaces that always use the default profile. Its chat client is made on first use,
        // so a missing default or key only fails when a model is actually needed.
        services.AddKernel();
        services.AddSingleton(sp => new KernelPluginCollection(sp.GetRequiredService<PromptLibrary>().Plugins));
        services.AddChatClient(sp => AssistantKernelFactory.WithFunctionInvocation(sp.GetRequiredService<ModelProfileFactory>().CreateChatClient(null)));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IChatModelSelector, ChatModelSelector>();
        services.TryAddSingleton(sp => new GenerativeAnswerer(sp.GetRequiredService<TimeProvider>()));
        services.AddOptions<AnsweringOptions>().Bind(configuration.GetSection(AnsweringOptions.SectionName)).ValidateOnStart();
        services.TryAddSingleton(sp =>
        {
            var judgeProfile = sp.GetRequiredService<IOptions<AnsweringOptions>>().Value.CitationJudge;
            ICitationJudge? judge = string.IsNullOrWhiteSpace(judgeProfile) ? null : new KernelCitationJudge(
                sp.GetRequiredService<AssistantKernelFactory>(),
                () => sp.GetRequiredService<ModelProfileFactory>().CreateChatClient(judgeProfile));
            return new CitationChecker(sp.GetRequiredService<Storage.IKnowledgeStore>(), judge);
        });
        services.AddConversations(configuration);
        return services;
    }
}
