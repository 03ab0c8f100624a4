using System.ClientModel;
using System.Runtime.CompilerServices;
using Assistant.Core.Models.Http;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Models.Resilience;

/// <summary>
/// Sits right on a library connector (M.E.AI.OpenAI's client, OllamaSharp's) and makes it fail like every other
/// model: errors surface as <see cref="ModelException"/> even when an SDK wrapped ours, a content-filter stop is an
/// error rather than an empty answer, a stream that ends without a finish reason is StreamInterrupted (the
/// libraries treat a short stream as a finished one), and an answer that called tools finishes with ToolCalls
/// (Ollama says "stop" there, and OllamaSharp passes that on).
/// </summary>
public sealed class ConnectorGuardChatClient : DelegatingChatClient
{
    private readonly ModelCallContext _context;
    private readonly ChatClientMetadata _metadata;

    public ConnectorGuardChatClient(IChatClient inner, ModelCallContext context)
        : base(inner)
    {
        _context = context;
        _metadata = new ChatClientMetadata(context.Provider, context.Endpoint, context.Model);
    }

    /// <summary>Our provider name ("gemini", "openai-compatible"...), where M.E.AI.OpenAI would say "openai" for all of them.</summary>
    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata : base.GetService(serviceType, serviceKey);

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (Exception e) when (Translate(e, cancellationToken) is { } mapped)
        {
            throw mapped;
        }

        ThrowIfFiltered(response.FinishReason);
        if (response.FinishReason == ChatFinishReason.Stop && response.Messages.Any(m => m.Contents.OfType<FunctionCallContent>().Any()))
        {
            response.FinishReason = ChatFinishReason.ToolCalls;
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var finished = false;
        var calledTools = false;
        var enumerator = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (Exception e) when (Translate(e, cancellationToken) is { } mapped)
                {
                    throw mapped;
                }

                var update = enumerator.Current;
                calledTools |= update.Contents.OfType<FunctionCallContent>().Any();
                if (update.FinishReason is { } reason)
                {
                    finished = true;
                    ThrowIfFiltered(reason);
                    if (reason == ChatFinishReason.Stop && calledTools)
                    {
                        update.FinishReason = ChatFinishReason.ToolCalls;
                    }
                }

                yield return update;
            }
        }
        finally
        {
            await enumerator.DisposeAsync();
        }

        if (!finished)
        {
            throw ModelErrorMapper.StreamInterrupted(_context, "the stream ended without a finish reason");
        }
    }

    private void ThrowIfFiltered(ChatFinishReason? finish)
    {
        if (finish == ChatFinishReason.ContentFilter)
        {
            throw new ModelException(ModelErrorKind.ContentFiltered,
                $"The answer from {_context.Provider} profile '{_context.Profile}' was stopped by the provider's content filter (finish_reason content_filter).")
            { Profile = _context.Profile };
        }
    }

    /// <summary>Our handler's exceptions may arrive wrapped by an SDK; SDK status errors that bypassed it are mapped here.</summary>
    internal static ModelException? Translate(Exception e, ModelCallContext context, CancellationToken ct)
    {
        if (ModelException.Find(e) is { } found)
        {
            return found;
        }

        if (e is ClientResultException { Status: > 0 } cre)
        {
            var body = cre.GetRawResponse()?.Content?.ToString() ?? cre.Message;
            return ModelErrorMapper.FromResponse(context, cre.Status, null, body, DateTimeOffset.UtcNow, null);
        }

        if (!ct.IsCancellationRequested && (e is IOException or HttpRequestException || e.InnerException is IOException))
        {
            return ModelErrorMapper.StreamInterrupted(context, "the connection dropped", e);
        }

        if (e is System.Text.Json.JsonException)
        {
            // OllamaSharp parses each NDJSON line as it comes; a garbled or half-written line would otherwise escape raw.
            return ModelErrorMapper.StreamInterrupted(context, "the server sent something that is not JSON", e);
        }

        return null;
    }

    private ModelException? Translate(Exception e, CancellationToken ct) => Translate(e, _context, ct);
}
