using Assistant.Core.Agents;
using Assistant.Core.Answering;
using Assistant.Core.Retrieval;

namespace Assistant.Core.Conversations;

/// <summary>An earlier turn as the pipeline sees it: what the user asked, the standalone form, and the answer given.</summary>
public sealed record HistoryTurn(string Question, string StandaloneQuestion, string Answer);

/// <summary>One question in a conversation for <see cref="ConversationService"/>; <see cref="History"/> empty for a first turn (or `ask`).</summary>
public sealed record ConversationRequest(string Question)
{
    /// <summary>Earlier turns, oldest first.</summary>
    public IReadOnlyList<HistoryTurn> History { get; init; } = [];

    /// <summary>How many passages to retrieve (and cite at most).</summary>
    public int Top { get; init; } = 5;

    public SearchFilter? Filter { get; init; }

    /// <summary>Chat model profile; null: Models:DefaultChat if usable, else a local Ollama model, else extractive.</summary>
    public string? Profile { get; init; }

    /// <summary>Each piece of a generated answer as it streams in.</summary>
    public Action<string>? OnToken { get; init; }

    /// <summary>Tool activity and text pieces (the agent's events); text also goes to <see cref="OnToken"/>.</summary>
    public Action<AgentEvent>? OnEvent { get; init; }

    /// <summary>Something worth telling the user before the answer; also kept in the result's warnings.</summary>
    public Action<string>? OnWarning { get; init; }

    /// <summary>
    /// Why the default model was passed over ("Default chat profile … is not usable"). It holds until the configuration
    /// changes, so a console shows it once rather than on every turn; null: it goes to <see cref="OnWarning"/>.
    /// Either way it is kept in the result's warnings.
    /// </summary>
    public Action<string>? OnModelNotice { get; init; }

    /// <summary>See <see cref="AnswerRequest.OnWaiting"/>.</summary>
    public Action<ModelWaiting>? OnWaiting { get; init; }

    public TimeSpan WaitingAfter { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Answer through the document agent (<see cref="DocumentAgent"/>): the model may search again and call the
    /// <see cref="AllowedTools"/>. Needs a chat model that supports tool calls; without a model the answer is extractive as always.
    /// </summary>
    public bool UseAgent { get; init; }

    /// <summary>Tools the agent may run for this entry point; null: the <c>Agent:DefaultTools</c> setting.</summary>
    public IReadOnlyCollection<string>? AllowedTools { get; init; }

    /// <summary>The single-turn request `ask` makes.</summary>
    public static ConversationRequest From(AnswerRequest request) => new(request.Question)
    {
        Top = request.Top,
        Filter = request.Filter,
        Profile = request.Profile,
        OnToken = request.OnToken,
        OnWarning = request.OnWarning,
        OnWaiting = request.OnWaiting,
        WaitingAfter = request.WaitingAfter,
    };
}
