using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Assistant.Core.Answering;
using Assistant.Core.Conversations;
using Assistant.Core.KnowledgeBases;
using Assistant.Core.Models;
using Assistant.Core.Text;
using Assistant.Server.Limits;
using Assistant.Server.OpenAi;
using Assistant.Server.Security;
using Microsoft.AspNetCore.Http.Features;

namespace Assistant.Server.Apis;

/// <summary>
/// OpenAI-compatible endpoints, so existing chat front ends and OpenAI SDKs talk to the bot: base URL
/// <c>https://HOST/v1</c>, the API key as the SDK's key. Answers go through the same pipeline as the console
/// (condense, retrieve from the key's knowledge base, cite, check citations), and carry their sources.
/// </summary>
public static class OpenAiApi
{
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    public static WebApplication MapOpenAiApi(this WebApplication app)
    {
        var v1 = app.MapGroup("/v1").RequireAuthorization(ApiPolicies.Chat).WithTags("OpenAI-compatible");
        v1.MapGet("/models", Models)
            .WithName("OpenAiModels")
            .WithSummary("Model names: default, each chat profile, extractive");
        v1.MapPost("/chat/completions", ChatAsync)
            .WithName("OpenAiChatCompletions")
            .WithSummary("Chat completion over the key's knowledge base (stream: true for Server-Sent Events)")
            .WithDescription("The last message is the question, earlier user/assistant messages the history. The completion (or the last streamed chunk) also carries 'sources' [{n, source, section, page, text}] and 'citations' [{n, supported}].")
            .Accepts<JsonElement>("application/json");
        return app;
    }

    private static IResult Models(OpenAiModelCatalog catalog) =>
        TypedResults.Json(new OpenAiModelList([.. catalog.Names.Select(n => new OpenAiModel(n, "assistant", 0))]), OpenAiJson.Options);

    private static async Task<IResult> ChatAsync(HttpContext context, OpenAiModelCatalog catalog, MessageLimit limit, CancellationToken ct)
    {
        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: ct);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return OpenAiError.Result(StatusCodes.Status400BadRequest, "The body is not valid JSON.", "invalid_request_error", "invalid_json");
        }

        var (request, error) = OpenAiChatRequest.Parse(body, limit.MaxChars);
        if (error is { } e)
        {
            var tooLong = e.Message.Contains("over the limit", StringComparison.Ordinal);
            return OpenAiError.Result(tooLong ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest, e.Message, "invalid_request_error", tooLong ? "message_too_long" : null, e.Param);
        }

        var kb = context.KnowledgeBase();
        if (catalog.Resolve(request!.Model, kb) is not { } resolved)
        {
            return OpenAiError.Result(StatusCodes.Status404NotFound,
                $"The model '{request.Model}' does not exist (models: {string.Join(", ", catalog.Names)}).", "invalid_request_error", "model_not_found", "model");
        }

        var ask = new ConversationRequest(request.Question) { History = request.History, Profile = resolved.Profile, Filter = kb.Scope(null) };
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (request.Stream)
        {
            await StreamAsync(context, resolved.Service, ask, request, kb, id, created, ct);
            return TypedResults.Empty;
        }

        ConversationTurn turn;
        try
        {
            turn = await resolved.Service.AskAsync(ask, ct);
        }
        catch (Exception ex) when (Failure(ex) is { } failure)
        {
            return OpenAiError.Result(failure.Status, failure.Message, failure.Type, failure.Code);
        }

        var answer = turn.Answer;
        return TypedResults.Json(new OpenAiCompletion(
            id, created, ModelName(turn, request.Model),
            [new OpenAiChoice(0, new OpenAiMessage("assistant", answer.Answer), "stop")],
            Usage(turn, request), Sources(turn, kb, context), Citations(turn)), OpenAiJson.Options);
    }

    /// <summary>
    /// Server-Sent Events as OpenAI streams them: a role chunk, content chunks as the model writes (the extractive answer
    /// in one), a chunk with finish_reason "stop", then a last chunk with no choices carrying usage, sources and
    /// citations, and <c>data: [DONE]</c>. A failure after the stream began is an <c>error</c> event and no [DONE].
    /// </summary>
    private static async Task StreamAsync(
        HttpContext context, ConversationService service, ConversationRequest ask, OpenAiChatRequest request, KnowledgeBase kb, string id, long created, CancellationToken ct)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var model = request.Model;
        await WriteAsync(response, new OpenAiChunk(id, created, model, [new OpenAiChunkChoice(0, new OpenAiDelta("assistant", ""), null)]), ct);

        // The pipeline reports tokens synchronously; a channel hands them to one writer so the response is never written twice at once.
        var tokens = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        var streamed = 0;
        var pump = Task.Run(async () =>
        {
            await foreach (var piece in tokens.Reader.ReadAllAsync(ct))
            {
                streamed++;
                await WriteAsync(response, new OpenAiChunk(id, created, model, [new OpenAiChunkChoice(0, new OpenAiDelta(null, piece), null)]), ct);
            }
        }, ct);

        ConversationTurn turn;
        try
        {
            turn = await service.AskAsync(ask with { OnToken = piece => tokens.Writer.TryWrite(piece) }, ct);
        }
        catch (Exception ex) when (Failure(ex) is { } failure)
        {
            tokens.Writer.TryComplete();
            await pump;
            var error = JsonSerializer.Serialize(new OpenAiError(new OpenAiErrorBody(failure.Message, failure.Type, failure.Code)), OpenAiJson.Options);
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"data: {error}\n\n"), ct);
            return;
        }
        finally
        {
            tokens.Writer.TryComplete();
        }

        await pump;
        model = ModelName(turn, request.Model);
        if (streamed == 0)
        {
            await WriteAsync(response, new OpenAiChunk(id, created, model, [new OpenAiChunkChoice(0, new OpenAiDelta(null, turn.Answer.Answer), null)]), ct);
        }

        await WriteAsync(response, new OpenAiChunk(id, created, model, [new OpenAiChunkChoice(0, new OpenAiDelta(null, null), "stop")]), ct);
        await WriteAsync(response, new OpenAiChunk(id, created, model, [], Usage(turn, request), Sources(turn, kb, context), Citations(turn)), ct);
        await response.Body.WriteAsync(Done, ct);
        await response.Body.FlushAsync(ct);
    }

    private static async Task WriteAsync(HttpResponse response, OpenAiChunk chunk, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(chunk, OpenAiJson.Options);
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"data: {json}\n\n"), ct);
        await response.Body.FlushAsync(ct);
    }

    /// <summary>The profile that answered, or "extractive" when the documents were quoted without a model.</summary>
    private static string ModelName(ConversationTurn turn, string requested) =>
        turn.Answer.Mode == OpenAiModelCatalog.Extractive ? OpenAiModelCatalog.Extractive : turn.Answer.Profile ?? requested;

    /// <summary>The model's own counts; where it reported none (extractive answers, some providers) o200k estimates of the conversation and the answer.</summary>
    private static OpenAiUsage Usage(ConversationTurn turn, OpenAiChatRequest request)
    {
        var reported = turn.Answer.Usage;
        var prompt = reported?.InputTokens ?? O200kTokenCounter.Instance.Count(string.Join("\n", request.History.SelectMany(h => new[] { h.Question, h.Answer }).Append(request.Question)));
        var completion = reported?.OutputTokens ?? O200kTokenCounter.Instance.Count(turn.Answer.Answer);
        return new OpenAiUsage(prompt, completion, prompt + completion);
    }

    private static List<OpenAiSource> Sources(ConversationTurn turn, KnowledgeBase kb, HttpContext context)
    {
        var links = context.RequestServices.GetRequiredService<SourceLinks>();
        return [.. turn.Answer.Sources.Select(c =>
        {
            var source = DocumentPaths.Display(kb, c.Hit.Source);
            return new OpenAiSource(c.N, source, c.Hit.Section, c.Hit.Page, c.Hit.Text) { Url = links.For(kb, source, c.Hit.Section) };
        })];
    }

    private static List<OpenAiCitation> Citations(ConversationTurn turn) => [.. turn.Answer.CitationChecks.Select(c => new OpenAiCitation(c.N, c.Supported))];

    private sealed record FailureInfo(int Status, string Message, string Type, string Code);

    /// <summary>Failures a caller can act on, in OpenAI's error shape; anything else goes to the Problem Details handler.</summary>
    private static FailureInfo? Failure(Exception ex) => ex switch
    {
        ModelException model => new(StatusCodes.Status502BadGateway, model.Message, "api_error", "model_error"),
        ContextBudgetException budget => new(StatusCodes.Status400BadRequest, budget.Message, "invalid_request_error", "context_length_exceeded"),
        UnknownModelProfileException unknown => new(StatusCodes.Status404NotFound, unknown.Message, "invalid_request_error", "model_not_found"),
        _ => null,
    };
}
