using Microsoft.Extensions.AI;

namespace Assistant.Core.Models.Resilience;

/// <summary>Applies a profile's Temperature and MaxOutputTokens when the caller did not choose them.</summary>
public sealed class ProfileDefaultsChatClient : DelegatingChatClient
{
    private readonly float? _temperature;
    private readonly int? _maxOutputTokens;

    public ProfileDefaultsChatClient(IChatClient inner, float? temperature, int? maxOutputTokens)
        : base(inner)
    {
        _temperature = temperature;
        _maxOutputTokens = maxOutputTokens;
    }

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, Apply(options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, Apply(options), cancellationToken);

    private ChatOptions? Apply(ChatOptions? options)
    {
        if ((_temperature is null || options?.Temperature is not null) && (_maxOutputTokens is null || options?.MaxOutputTokens is not null))
        {
            return options;
        }

        var copy = options?.Clone() ?? new ChatOptions();
        copy.Temperature ??= _temperature;
        copy.MaxOutputTokens ??= _maxOutputTokens;
        return copy;
    }
}
