using System.Collections.Concurrent;
using Assistant.Core.Answering;
using Assistant.Core.Conversations;
using Assistant.Core.KernelHost;
using Assistant.Core.KnowledgeBases;
using Assistant.Core.Models;
using Assistant.Core.Retrieval;
using Assistant.Core.Text;
using Microsoft.Extensions.Options;

namespace Assistant.Server.OpenAi;

/// <summary>
/// The model names the OpenAI-compatible endpoint offers: <c>default</c> (the server's usual choice: Models:DefaultChat
/// when usable, else a local Ollama model, else the extractive answer), every chat profile by name, and
/// <c>extractive</c> (quotes from the documents, no model). Each resolves to the pipeline of the caller's knowledge base.
/// </summary>
public sealed class OpenAiModelCatalog(ModelProfileFactory profiles)
{
    public const string Default = "default";
    public const string Extractive = AnswerResult.ExtractiveMode;

    private readonly ConcurrentDictionary<KnowledgeBase, ConversationService> _extractive = new();

    public IReadOnlyList<string> Names =>
        [Default, .. profiles.Options.Profiles.Where(p => p.Value.Kind == ModelKind.Chat).Select(p => p.Key).Order(StringComparer.Ordinal), Extractive];

    /// <summary>The pipeline and profile (null: the default choice) for <paramref name="model"/>; null when it is not offered.</summary>
    public (ConversationService Service, string? Profile)? Resolve(string model, KnowledgeBase kb)
    {
        if (string.Equals(model, Default, StringComparison.OrdinalIgnoreCase)) return (kb.Services.GetRequiredService<ConversationService>(), null);
        if (string.Equals(model, Extractive, StringComparison.OrdinalIgnoreCase)) return (_extractive.GetOrAdd(kb, CreateExtractive), null);
        var match = profiles.Options.Profiles.FirstOrDefault(p => p.Value.Kind == ModelKind.Chat && string.Equals(p.Key, model, StringComparison.OrdinalIgnoreCase));
        return match.Key is null ? null : (kb.Services.GetRequiredService<ConversationService>(), match.Key);
    }

    /// <summary>The same pipeline over the base's index with a selector that never picks a model.</summary>
    private static ConversationService CreateExtractive(KnowledgeBase kb)
    {
        var s = kb.Services;
        return new ConversationService(
            s.GetRequiredService<KnowledgeRetriever>(),
            NoModel.Instance,
            s.GetRequiredService<AssistantKernelFactory>(),
            s.GetRequiredService<GenerativeAnswerer>(),
            s.GetRequiredService<ExtractiveAnswerer>(),
            s.GetRequiredService<IOptions<ConversationOptions>>().Value,
            s.GetService<ITokenCounter>(),
            s.GetService<IndexLanguageMeter>(),
            s.GetService<TimeProvider>(),
            s.GetService<CitationChecker>());
    }

    private sealed class NoModel : IChatModelSelector
    {
        public static NoModel Instance { get; } = new();

        public Task<ChatSelection> SelectAsync(string? requested, CancellationToken cancellationToken) => Task.FromResult(new ChatSelection(null, null));
    }
}
