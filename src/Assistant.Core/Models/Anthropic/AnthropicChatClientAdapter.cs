using System.Runtime.CompilerServices;
using Anthropic;
using Anthropic.Core;
using Anthropic.Exceptions;
using Assistant.Core.Models.Http;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Models.Anthropic;

/// <summary>
/// Wraps the official Anthropic SDK's own <see cref="IChatClient"/> (<c>AnthropicClient.AsIChatClient</c>) so it fails
/// like our other connectors: SDK exceptions become <see cref="ModelException"/>s and a refusal
/// (<c>stop_reason: refusal</c>) is reported as ContentFiltered instead of an empty answer.
/// </summary>
public sealed class AnthropicChatClientAdapter : DelegatingChatClient
{
    private readonly ModelCallContext _context;

    public AnthropicChatClientAdapter(IChatClient sdkClient, ModelCallContext context)
        : base(sdkClient)
    {
        _context = context;
    }

    /// <summary>Builds the SDK client on our HttpClient with the SDK's retries off (our middleware retries).</summary>
    public static AnthropicChatClientAdapter Create(HttpClient http, ModelCallContext context, string apiKey, int maxOutputTokens)
    {
        var client = new AnthropicClient(new ClientOptions
        {
            ApiKey = apiKey,
            BaseUrl = context.Endpoint.ToString().TrimEnd('/'),
            HttpClient = http,
            MaxRetries = 0,
            // TimeoutChatClient owns timeouts.
            Timeout = TimeSpan.FromDays(1),
        });
        return new AnthropicChatClientAdapter(client.AsIChatClient(context.Model, maxOutputTokens), context);
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (Exception e) when (Translate(e) is { } mapped)
        {
            throw mapped;
        }

        ThrowIfRefused(response.FinishReason);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var enumerator = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (Exception e) when (Translate(e) is { } mapped)
                {
                    throw mapped;
                }

                var update = enumerator.Current;
                ThrowIfRefused(update.FinishReason);
                yield return update;
            }
        }
        finally
        {
            await enumerator.DisposeAsync();
        }
    }

    private void ThrowIfRefused(ChatFinishReason? finish)
    {
        if (finish == ChatFinishReason.ContentFilter)
        {
            throw new ModelException(ModelErrorKind.ContentFiltered,
                $"Anthropic profile '{_context.Profile}' refused to answer (stop_reason refusal). Rephrase the question.")
            { Profile = _context.Profile };
        }
    }

    private Exception? Translate(Exception e)
    {
        if (ModelException.Find(e) is { } found)
        {
            return found;
        }

        return e switch
        {
            AnthropicApiException api => ModelErrorMapper.FromResponse(_context, (int)api.StatusCode, null, api.ResponseBody ?? "", DateTimeOffset.UtcNow, null),
            AnthropicSseException sse => ModelErrorMapper.FromStreamError(_context, sse.Message),
            AnthropicIOException io => ModelErrorMapper.Unreachable(_context, io, null),
            IOException or HttpRequestException => ModelErrorMapper.StreamInterrupted(_context, "the connection dropped", e),
            _ => null,
        };
    }
}
