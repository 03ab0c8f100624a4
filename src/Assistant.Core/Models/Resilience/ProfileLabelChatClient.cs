using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Models.Resilience;

/// <summary>Stamps which profile produced an answer, so callers can tell after a fallback.</summary>
public sealed class ProfileLabelChatClient : DelegatingChatClient
{
    private readonly string _profile;

    public ProfileLabelChatClient(IChatClient inner, string profile)
        : base(inner)
    {
        _profile = profile;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        response.AdditionalProperties ??= [];
        response.AdditionalProperties.TryAdd(ModelResponseKeys.Profile, _profile);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var first = true;
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            if (first)
            {
                update.AdditionalProperties ??= [];
                update.AdditionalProperties.TryAdd(ModelResponseKeys.Profile, _profile);
                first = false;
            }

            yield return update;
        }
    }
}
