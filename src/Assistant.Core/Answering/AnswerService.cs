using Assistant.Core.Conversations;
using Assistant.Core.KernelHost;
using Assistant.Core.Retrieval;

namespace Assistant.Core.Answering;

/// <summary>
/// One question without a conversation (`ask`): a single turn of <see cref="ConversationService"/>, the one pipeline
/// (retrieve → choose the chat model → grounded answer or extractive quote → citation check). Kept as its own entry
/// point so that one-shot surfaces get the plain <see cref="AnswerResult"/> they print.
/// </summary>
public sealed class AnswerService
{
    private readonly ConversationService _pipeline;

    public AnswerService(ConversationService pipeline) => _pipeline = pipeline;

    /// <summary>A service over the default pipeline settings (what tests and small hosts use).</summary>
    public AnswerService(
        KnowledgeRetriever retriever,
        IChatModelSelector selector,
        AssistantKernelFactory kernels,
        GenerativeAnswerer generative,
        ExtractiveAnswerer extractive,
        TimeProvider? timeProvider = null,
        CitationChecker? citationChecker = null)
        : this(new ConversationService(retriever, selector, kernels, generative, extractive, timeProvider: timeProvider, citationChecker: citationChecker))
    {
    }

    public const string NoModelNotice =
        "No chat model is configured or reachable, so this answer quotes the documents. Set Models:DefaultChat to a profile (see 'assistant models' and the README) for generated answers.";

    /// <summary>
    /// Answers <paramref name="request"/>. Throws <see cref="UnknownModelProfileException"/> for a profile that is not configured
    /// and <see cref="Models.ModelException"/> when the model fails (after its retries and fallbacks).
    /// </summary>
    public async Task<AnswerResult> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Question);
        var turn = await _pipeline.AskAsync(ConversationRequest.From(request), cancellationToken);
        return turn.Answer;
    }
}
