using Assistant.Core.Answering;
using Assistant.Core.Evaluation;
using Assistant.Core.Evaluation.Evaluators;
using Assistant.Core.KernelHost;
using Assistant.Core.Models;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage;
using Assistant.Core.Text;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Core.Extensions;

public static class EvaluationServiceCollectionExtensions
{
    /// <summary>
    /// <c>assistant eval</c>'s services (needs <c>AddModels</c>, <c>AddKnowledgeBase</c> and <c>AddAssistantKernel</c>):
    /// <see cref="EvalRunner"/> over the same <see cref="AnswerService"/> <c>ask</c> uses, plus a second AnswerService that
    /// never picks a model, for the <c>extractive</c> profile.
    /// </summary>
    public static IServiceCollection AddEvaluation(this IServiceCollection services)
    {
        services.AddSingleton<IEvalAnswerer>(sp => new AnswerServiceEvalAnswerer(
            sp.GetRequiredService<AnswerService>(),
            ActivatorUtilities.CreateInstance<AnswerService>(sp, new NoChatModelSelector()),
            sp.GetRequiredService<ModelProfileFactory>()));
        services.AddSingleton(sp => new RetrievalEvaluator(sp.GetRequiredService<KnowledgeRetriever>()));
        services.AddSingleton(sp => new ModelEvaluator(sp.GetRequiredService<IEvalAnswerer>(), sp.GetRequiredService<ITokenCounter>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IModelMemoryProbe>(sp => new OllamaMemoryProbe(sp.GetRequiredService<ModelProfileFactory>()));
        services.AddSingleton(sp => new EvalRunner(
            sp.GetRequiredService<IKnowledgeStore>(),
            sp.GetRequiredService<RetrievalEvaluator>(),
            sp.GetRequiredService<ModelEvaluator>(),
            sp.GetRequiredService<IEvalAnswerer>(),
            sp.GetRequiredService<PromptLibrary>(),
            new JudgeEvaluator(sp.GetRequiredService<AssistantKernelFactory>()),
            profile => sp.GetRequiredService<ModelProfileFactory>().CreateChatClient(profile),
            sp.GetRequiredService<IModelMemoryProbe>()));
        return services;
    }
}
