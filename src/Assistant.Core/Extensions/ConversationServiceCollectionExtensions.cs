using Assistant.Core.Answering;
using Assistant.Core.Conversations;
using Assistant.Core.Conversations.Sessions;
using Assistant.Core.KernelHost;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage;
using Assistant.Core.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Assistant.Core.Extensions;

public static class ConversationServiceCollectionExtensions
{
    /// <summary>
    /// The answer pipeline (<see cref="ConversationService"/>, bound to the "Conversation" section), `ask`'s
    /// <see cref="AnswerService"/> over it, and chat sessions stored beside the index (<see cref="SessionStore"/>).
    /// Called by AddAssistantKernel; needs AddKnowledgeBase and AddModels.
    /// </summary>
    public static IServiceCollection AddConversations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConversationOptions>().Bind(configuration.GetSection(ConversationOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => new IndexLanguageMeter(sp.GetRequiredService<IKnowledgeStore>()));
        services.TryAddSingleton(sp => new ConversationService(
            sp.GetRequiredService<KnowledgeRetriever>(),
            sp.GetRequiredService<IChatModelSelector>(),
            sp.GetRequiredService<AssistantKernelFactory>(),
            sp.GetRequiredService<GenerativeAnswerer>(),
            sp.GetRequiredService<ExtractiveAnswerer>(),
            sp.GetRequiredService<IOptions<ConversationOptions>>().Value,
            sp.GetService<ITokenCounter>(),
            sp.GetRequiredService<IndexLanguageMeter>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<CitationChecker>(),
            sp.GetService<Agents.DocumentAgent>()));
        services.TryAddSingleton(sp => new AnswerService(sp.GetRequiredService<ConversationService>()));
        services.TryAddSingleton(sp => new SessionStore(SessionStore.PathBeside(sp.GetRequiredService<IOptions<StoreOptions>>().Value)));
        services.TryAddSingleton(sp => new ChatSessions(sp.GetRequiredService<ConversationService>(), sp.GetRequiredService<SessionStore>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
