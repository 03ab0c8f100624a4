using System.ClientModel;
using System.Runtime.CompilerServices;
using System.Text;
using Assistant.Core.Models.Http;
using Microsoft.Extensions.AI;
using OAI = OpenAI.Chat;

namespace Assistant.Core.Models.OpenAI;

/// <summary>
/// <see cref="IChatClient"/> over the official OpenAI SDK's <see cref="OAI.ChatClient"/>, for every server that
/// speaks Chat Completions. Streamed tool calls are assembled from their deltas (grouped by index) and
/// handed out once the choice finishes; streamed usage arrives as <see cref="UsageContent"/>.
/// </summary>
public sealed class OpenAIChatClientAdapter : IChatClient
{
    private readonly OAI.ChatClient _client;
    private readonly ModelCallContext _context;
    private readonly ChatClientMetadata _metadata;

    public OpenAIChatClientAdapter(OAI.ChatClient client, ModelCallContext context)
    {
        _client = client;
        _context = context;
        _metadata = new ChatClientMetadata(context.Provider, context.Endpoint, context.Model);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (oaiMessages, oaiOptions) = Prepare(messages, options);
        OAI.ChatCompletion completion;
        try
        {
            completion = (await _client.CompleteChatAsync(oaiMessages, oaiOptions, cancellationToken)).Value;
        }
        catch (Exception e) when (Translate(e) is { } mapped)
        {
            throw mapped;
        }

        var finish = OpenAIMapper.ToFinishReason(completion.FinishReason);
        ThrowIfFiltered(finish);
        var message = new ChatMessage(ChatRole.Assistant, []) { MessageId = completion.Id };
        foreach (var part in completion.Content.Where(p => p.Text is not null))
        {
            message.Contents.Add(new TextContent(part.Text));
        }

        if (!string.IsNullOrEmpty(completion.Refusal))
        {
            message.Contents.Add(new TextContent(completion.Refusal));
        }

        foreach (var call in completion.ToolCalls)
        {
            message.Contents.Add(OpenAIMapper.ToFunctionCall(call.Id, call.FunctionName, call.FunctionArguments?.ToString() ?? "{}"));
        }

        return new ChatResponse(message)
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = completion.CreatedAt,
            FinishReason = finish,
            Usage = completion.Usage is null ? null : OpenAIMapper.ToUsage(completion.Usage),
            RawRepresentation = completion,
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (oaiMessages, oaiOptions) = Prepare(messages, options);
        var toolCalls = new SortedDictionary<int, ToolCallBuilder>();
        var finished = false;
        var enumerator = _client.CompleteChatStreamingAsync(oaiMessages, oaiOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
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
                catch (Exception e) when (Translate(e) is { } mapped)
                {
                    throw mapped;
                }

                var chunk = enumerator.Current;
                var update = new ChatResponseUpdate
                {
                    Role = ChatRole.Assistant,
                    ResponseId = chunk.CompletionId,
                    MessageId = chunk.CompletionId,
                    ModelId = chunk.Model,
                    CreatedAt = chunk.CreatedAt,
                    RawRepresentation = chunk,
                };
                foreach (var part in chunk.ContentUpdate.Where(p => !string.IsNullOrEmpty(p.Text)))
                {
                    update.Contents.Add(new TextContent(part.Text));
                }

                if (!string.IsNullOrEmpty(chunk.RefusalUpdate))
                {
                    update.Contents.Add(new TextContent(chunk.RefusalUpdate));
                }

                foreach (var delta in chunk.ToolCallUpdates)
                {
                    if (!toolCalls.TryGetValue(delta.Index, out var builder))
                    {
                        toolCalls[delta.Index] = builder = new ToolCallBuilder();
                    }

                    builder.Id ??= delta.ToolCallId;
                    builder.Name ??= delta.FunctionName;
                    if (delta.FunctionArgumentsUpdate is { } args && !args.IsEmpty)
                    {
                        builder.Arguments.Append(args.ToString());
                    }
                }

                if (chunk.FinishReason is { } reason)
                {
                    finished = true;
                    update.FinishReason = OpenAIMapper.ToFinishReason(reason);
                    ThrowIfFiltered(update.FinishReason);
                    foreach (var (index, call) in toolCalls)
                    {
                        update.Contents.Add(OpenAIMapper.ToFunctionCall(call.Id ?? $"call_{index}", call.Name ?? "", call.Arguments.ToString()));
                    }

                    toolCalls.Clear();
                }

                if (chunk.Usage is { } usage)
                {
                    update.Contents.Add(new UsageContent(OpenAIMapper.ToUsage(usage)));
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
            throw ModelErrorMapper.StreamInterrupted(_context, "the stream ended without a finish_reason");
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType == typeof(OAI.ChatClient) ? _client
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    private static (List<OAI.ChatMessage>, OAI.ChatCompletionOptions) Prepare(IEnumerable<ChatMessage> messages, ChatOptions? options) =>
        (OpenAIMapper.ToOpenAIMessages(messages, options?.Instructions), OpenAIMapper.ToOpenAIOptions(options));

    private void ThrowIfFiltered(ChatFinishReason? finish)
    {
        if (finish == ChatFinishReason.ContentFilter)
        {
            throw new ModelException(ModelErrorKind.ContentFiltered,
                $"The answer from {_context.Provider} profile '{_context.Profile}' was stopped by the provider's content filter (finish_reason content_filter).")
            { Profile = _context.Profile };
        }
    }

    /// <summary>Maps SDK and transport failures; our ModelHttpHandler's exceptions may arrive wrapped.</summary>
    private Exception? Translate(Exception e)
    {
        if (ModelException.Find(e) is { } found)
        {
            return found;
        }

        if (e is ClientResultException cre && cre.Status > 0)
        {
            var raw = cre.GetRawResponse();
            var body = raw?.Content?.ToString() ?? cre.Message;
            return ModelErrorMapper.FromResponse(_context, cre.Status, null, body, DateTimeOffset.UtcNow, null);
        }

        if (e is IOException or HttpRequestException || e.InnerException is IOException)
        {
            return ModelErrorMapper.StreamInterrupted(_context, "the connection dropped", e);
        }

        return null;
    }

    private sealed class ToolCallBuilder
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public StringBuilder Arguments { get; } = new();
    }
}
