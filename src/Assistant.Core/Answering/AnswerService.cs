using Assistant.Core.KernelHost;
using Assistant.Core.Models;
using Assistant.Core.Retrieval;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Answering;

/// <summary>
/// Question answering, the one path every surface calls: retrieve (hybrid) → choose the chat model → a grounded answer
/// through the Kernel's <c>Answer/Grounded</c> prompt function, or an extractive one when no model is available.
/// Every answer's citations are checked (<see cref="CitationChecker"/>) before it is returned.
/// It never prints; what a user should see besides the answer comes back in the result (and through the request's callbacks).
/// </summary>
public sealed class AnswerService(
    KnowledgeRetriever retriever,
    IChatModelSelector selector,
    AssistantKernelFactory kernels,
    GenerativeAnswerer generative,
    ExtractiveAnswerer extractive,
    TimeProvider? timeProvider = null,
    CitationChecker? citationChecker = null)
{
    private readonly CitationChecker _citations = citationChecker ?? new CitationChecker();

    public const string NoModelNotice =
        "No chat model is configured or reachable, so this answer quotes the documents. Set Models:DefaultChat to a profile (see 'assistant models' and the README) for generated answers.";

    /// <summary>
    /// Answers <paramref name="request"/>. Throws <see cref="UnknownModelProfileException"/> for a profile that is not configured
    /// and <see cref="Models.ModelException"/> when the model fails (after its retries and fallbacks).
    /// </summary>
    public async Task<AnswerResult> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Question);
        var hits = await retriever.SearchAsync(request.Question, request.Top, SearchMode.Hybrid, request.Filter, cancellationToken);

        var selection = await selector.SelectAsync(request.Profile, cancellationToken);
        List<string> warnings = [];
        if (selection.Notice is { } notice)
        {
            warnings.Add(notice);
            request.OnWarning?.Invoke(notice);
        }

        if (selection.Chat is not { } chat)
        {
            var quoted = await extractive.AnswerAsync(request.Question, hits, cancellationToken);
            return await CheckedAsync(quoted with { Notice = NoModelNotice, Warnings = warnings }, cancellationToken);
        }

        using (chat)
        {
            var kernel = kernels.Create(chat.Client);
            var model = chat.Client.GetService<ChatClientMetadata>()?.DefaultModelId;
            using var waiting = ModelWaitWatch.Start(request, chat.Profile, model, timeProvider ?? TimeProvider.System);
            using var observing = waiting is null ? null : ModelCallObserver.Observe(waiting.Switch);
            var onToken = waiting is null ? request.OnToken : piece =>
            {
                waiting.End();
                request.OnToken?.Invoke(piece);
            };
            var answer = await generative.AnswerAsync(kernel, request.Question, hits, onToken, cancellationToken);
            return await CheckedAsync(answer with { Profile = answer.Profile ?? chat.Profile, Warnings = warnings }, cancellationToken);
        }
    }

    private async Task<AnswerResult> CheckedAsync(AnswerResult answer, CancellationToken cancellationToken)
    {
        // Also when not found: an answer citing only passages that were not given ("[7]") loses them.
        var report = await _citations.CheckAsync(answer.Answer, answer.Sources, cancellationToken);
        return answer with { Answer = report.Answer, CitationChecks = report.Checks, RemovedCitations = report.Removed };
    }
}
