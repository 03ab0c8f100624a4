using Assistant.Core.Answering;
using Assistant.Core.KernelHost;
using Assistant.Core.Models;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage;
using Assistant.Core.Text;
using Assistant.Plugins.CodeReview;
using Assistant.Plugins.Sentiment;
using Assistant.Plugins.Summarize;
using Assistant.Plugins.Translate;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace Assistant.Plugins.Hosting;

/// <summary>
/// The plugins as the host's surfaces use them: <see cref="OpenAsync"/> picks the chat model (a named profile, the
/// default, a local Ollama model, or none), builds a Kernel over it and plugins configured from appsettings
/// (<c>Plugins:&lt;Name&gt;</c>), with the summary window taken from the profile's <c>ContextWindow</c>.
/// Summaries read documents of <c>knowledgeBase</c> only when one is given (a host scoping a caller to a base).
/// </summary>
public sealed class AssistantPlugins(
    IChatModelSelector selector,
    AssistantKernelFactory kernels,
    ModelProfileFactory profiles,
    ITokenCounter tokens,
    IKnowledgeStore store,
    KnowledgeRetriever retriever,
    IOptions<SummarizeOptions> summarize,
    IOptions<TranslateOptions> translate,
    IOptions<SentimentOptions> sentiment,
    IOptions<CodeReviewOptions> codeReview,
    string? knowledgeBase = null)
{
    /// <summary>Native plugin names. Each differs from the prompt plugin of the same skill, which a host kernel already holds.</summary>
    public static class Names
    {
        /// <summary>The <see cref="SummarizePlugin"/>.</summary>
        public const string Summarize = SummarizePlugin.PluginName;

        /// <summary>The <see cref="TranslatePlugin"/>.</summary>
        public const string Translate = TranslatePlugin.PluginName;

        /// <summary>The <see cref="SentimentPlugin"/> ("Sentiment" is its prompt plugin).</summary>
        public const string Sentiment = "SentimentAnalyzer";

        /// <summary>The <see cref="CodeReviewPlugin"/>.</summary>
        public const string CodeReview = CodeReviewPlugin.PluginName;
    }

    /// <summary>How many native plugins <see cref="CreateKernelPlugins"/> returns.</summary>
    public const int Count = 4;

    /// <summary>Selects the chat model (throws <see cref="UnknownModelProfileException"/> for an unknown <paramref name="profile"/>) and builds the plugins.</summary>
    /// <param name="profile">A model profile name, or null for the default choice.</param>
    /// <param name="cancellationToken">Cancels the model probe.</param>
    public async Task<PluginSession> OpenAsync(string? profile, CancellationToken cancellationToken)
    {
        var selection = await selector.SelectAsync(profile, cancellationToken);
        var kernel = selection.Chat is null ? new Kernel() : kernels.Create(selection.Chat.Client);
        var window = selection.Chat is not null && profiles.Options.TryGetProfile(selection.Chat.Profile, out var p) && p.ContextWindow is { } w ? w : (int?)null;
        return new PluginSession(selection, kernel, CreatePlugins(window));
    }

    /// <summary>The native plugins as <see cref="KernelPlugin"/>s (e.g. as an agent's tools); they run on whatever kernel invokes them.</summary>
    public IReadOnlyList<KernelPlugin> CreateKernelPlugins()
    {
        var set = CreatePlugins(null);
        return
        [
            KernelPluginFactory.CreateFromObject(set.Summarize, Names.Summarize),
            KernelPluginFactory.CreateFromObject(set.Translate, Names.Translate),
            KernelPluginFactory.CreateFromObject(set.Sentiment, Names.Sentiment),
            KernelPluginFactory.CreateFromObject(set.CodeReview, Names.CodeReview),
        ];
    }

    private PluginSet CreatePlugins(int? contextWindow)
    {
        var prompts = kernels.Prompts.Plugins;
        KernelPlugin? Prompts(string name) => prompts.FirstOrDefault(p => p.Name == name);
        var summarizeOptions = summarize.Value;
        if (contextWindow is { } window)
        {
            summarizeOptions = new SummarizeOptions
            {
                MaxInputChars = summarizeOptions.MaxInputChars, ContextWindowTokens = window, ReservedTokens = summarizeOptions.ReservedTokens,
                PartTokens = summarizeOptions.PartTokens, MaxSearchDocuments = summarizeOptions.MaxSearchDocuments, MaxRankedSentences = summarizeOptions.MaxRankedSentences,
            };
        }

        return new PluginSet(
            new SummarizePlugin(summarizeOptions, Prompts(SummarizePlugin.PromptsName), tokens, store, retriever, knowledgeBase),
            new TranslatePlugin(translate.Value, Prompts(TranslatePlugin.PromptsName), tokens),
            new SentimentPlugin(sentiment.Value, Prompts(SentimentPlugin.PluginName)),
            new CodeReviewPlugin(codeReview.Value, Prompts(CodeReviewPlugin.PromptsName)));
    }
}

/// <summary>The plugins of one session.</summary>
/// <param name="Summarize">Summaries.</param>
/// <param name="Translate">Translation.</param>
/// <param name="Sentiment">Sentiment.</param>
/// <param name="CodeReview">Code review.</param>
public sealed record PluginSet(SummarizePlugin Summarize, TranslatePlugin Translate, SentimentPlugin Sentiment, CodeReviewPlugin CodeReview);

/// <summary>A kernel over the chosen chat model (or none) and the plugins to call on it. Disposing releases the model client.</summary>
/// <param name="Selection">Which model was chosen, and any notice about the choice.</param>
/// <param name="Kernel">The kernel to pass to the plugins.</param>
/// <param name="Plugins">The plugins.</param>
public sealed record PluginSession(ChatSelection Selection, Kernel Kernel, PluginSet Plugins) : IDisposable
{
    /// <summary>Whether a chat model was found.</summary>
    public bool HasModel => Selection.Chat is not null;

    /// <summary>Releases the chat client.</summary>
    public void Dispose() => Selection.Chat?.Dispose();
}
