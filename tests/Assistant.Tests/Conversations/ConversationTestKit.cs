using Assistant.Core.Answering;
using Assistant.Core.Conversations;
using Assistant.Core.KernelHost;
using Assistant.Core.Retrieval;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Conversations;

/// <summary>The conversation pipeline over a real SQLite index and the real prompts; only the model is scripted.</summary>
internal static class ConversationTestKit
{
    public static readonly AssistantKernelFactory Kernels = new(PromptLibrary.Load(Path.Combine(RepoPaths.Root, "prompts")));

    public static ConversationService Service(TestKnowledgeBase kb, ChatSelection selection, ConversationOptions? options = null) =>
        new(
            new KnowledgeRetriever(kb.Store),
            new FixedSelector(selection),
            Kernels,
            new GenerativeAnswerer(TimeProvider.System),
            new ExtractiveAnswerer(kb.Store),
            options,
            languages: new IndexLanguageMeter(kb.Store));

    public static ChatSelection With(ScriptedChatClient model, int? contextWindow = null) =>
        new(new SelectedChat("scripted", model) { Settings = new Core.Models.ModelProfile { Provider = "ollama", Model = "m", ContextWindow = contextWindow } }, null);

    public static readonly ChatSelection NoModel = new(null, null);

}
