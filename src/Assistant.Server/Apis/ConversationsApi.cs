using System.Text.Json;
using System.Threading.Channels;
using Assistant.Core.Agents;
using Assistant.Core.Conversations;
using Assistant.Core.Conversations.Sessions;
using Assistant.Core.KnowledgeBases;
using Assistant.Core.Models;
using Assistant.Server.Conversations;
using Assistant.Server.Limits;
using Assistant.Server.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Assistant.Server.Apis;

/// <summary>
/// The support bot's conversations: open one, send messages (a JSON reply, or Server-Sent Events when the client
/// accepts text/event-stream), read it back, rate replies. A conversation is visible only to the key that opened it,
/// in that key's knowledge base; everything else is 404.
/// </summary>
public static class ConversationsApi
{
    public const string EventStream = "text/event-stream";

    public static RouteGroupBuilder MapConversationsApi(this RouteGroupBuilder api)
    {
        var conversations = api.MapGroup("/conversations").RequireAuthorization(ApiPolicies.Chat).WithTags("Conversations");
        conversations.MapPost("/", CreateAsync).WithName("CreateConversation").WithSummary("Open a conversation on the key's knowledge base");
        conversations.MapGet("/{id}", GetAsync).WithName("GetConversation").WithSummary("The conversation with its messages");
        conversations.MapPost("/{id}/messages", SendAsync)
            .WithName("SendMessage")
            .WithSummary("Ask the next question; JSON reply, or text/event-stream (events token, tool, sources, done)")
            .Accepts<MessageRequest>("application/json")
            .Produces<MessageReply>(StatusCodes.Status200OK, "application/json", EventStream);
        conversations.MapPost("/{id}/feedback", FeedbackAsync).WithName("SendFeedback").WithSummary("Rate a reply up or down, with an optional comment");

        api.MapGet("/feedback", ListFeedbackAsync).RequireAuthorization(ApiPolicies.Admin).WithTags("Support")
            .WithName("ListFeedback").WithSummary("Feedback on replies in the key's knowledge base, newest first");
        api.MapGet("/escalations", ListEscalationsAsync).RequireAuthorization(ApiPolicies.Admin).WithTags("Support")
            .WithName("ListEscalations").WithSummary("Open hand-offs to a person in the key's knowledge base, newest first");
        api.MapPost("/escalations/{conversationId}/resolve", ResolveAsync).RequireAuthorization(ApiPolicies.Admin).WithTags("Support")
            .WithName("ResolveEscalation").WithSummary("Close a conversation's open escalations (a person took it over)");
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, SupportConversations conversations, CancellationToken ct)
    {
        var owner = await conversations.CreateAsync(context.KnowledgeBase(), KeyName(context), ct);
        return TypedResults.Created($"/api/conversations/{owner.Id}", new CreatedConversation(owner.Id));
    }

    private static async Task<IResult> GetAsync(HttpContext context, string id, SupportConversations conversations, SourceLinks links, CancellationToken ct)
    {
        var kb = context.KnowledgeBase();
        if (await conversations.GetAsync(kb, KeyName(context), id, ct) is not { } found) return NotFound(id);
        var reasons = found.Escalations.ToDictionary(e => e.MessageId, e => e.Reason);
        return TypedResults.Ok(new ConversationDto(
            found.Owner.Id, kb.Name, found.Owner.CreatedAt,
            [.. found.Turns.Select(t => new ConversationMessageDto(t.Question, t.At, Reply(kb, t, reasons.GetValueOrDefault(t.N), links)))]));
    }

    private static async Task SendAsync(
        HttpContext context, string id, MessageRequest? body, SupportConversations conversations, MessageLimit limit, SourceLinks links, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var kb = context.KnowledgeBase();
        IResult? refused = string.IsNullOrWhiteSpace(body?.Content) ? SearchApi.Validation("content", "content: the message is empty") : limit.Check("content", body.Content);
        var owner = refused is null ? await conversations.FindAsync(kb, KeyName(context), id, ct) : null;
        if (refused is null && owner is null) refused = NotFound(id);
        if (refused is not null)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        var request = new ConversationRequest(body!.Content!.Trim());
        var wantsStream = context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(EventStream, StringComparison.OrdinalIgnoreCase));
        if (!wantsStream)
        {
            IResult result;
            try
            {
                var reply = await conversations.AskAsync(kb, owner!, request, ct);
                result = TypedResults.Ok(Reply(kb, reply.Turn, reply.EscalationReason, links));
            }
            catch (ModelException ex)
            {
                result = ModelFailed(ex);
            }

            await result.ExecuteAsync(context);
            return;
        }

        await StreamAsync(context, kb, owner!, request, conversations, links, json.Value.SerializerOptions, ct);
    }

    /// <summary>
    /// SSE: model pieces go through a channel (the pipeline's callbacks are synchronous) to the response as they
    /// come; after the turn, <c>sources</c> then <c>done</c> with the same object as the JSON reply. A failure after
    /// the stream began is an <c>error</c> event with a Problem Details body, since the status is already sent.
    /// </summary>
    private static async Task StreamAsync(
        HttpContext context, KnowledgeBase kb, ConversationOwner owner, ConversationRequest request, SupportConversations conversations, SourceLinks links,
        JsonSerializerOptions json, CancellationToken ct)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = EventStream;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.Body.FlushAsync(ct);

        var events = Channel.CreateUnbounded<(string Name, object Data)>(new UnboundedChannelOptions { SingleReader = true });
        var writer = Task.Run(async () =>
        {
            await foreach (var (name, data) in events.Reader.ReadAllAsync(ct)) await WriteEventAsync(response, name, data, json, ct);
        }, ct);

        request = request with
        {
            OnEvent = e =>
            {
                object? item = e switch
                {
                    AgentTextDelta text => ("token", new TokenEvent(text.Text)),
                    AgentToolStarted started => ("tool", new ToolEvent(started.Name, "started", started.Arguments, null)),
                    AgentToolCompleted done => ("tool", new ToolEvent(done.Call.Name, done.Call.Ok ? "completed" : "failed", done.Call.Arguments, done.Call.Ms)),
                    _ => null,
                };
                if (item is (string name, object data)) events.Writer.TryWrite((name, data));
            },
        };

        try
        {
            var reply = await conversations.AskAsync(kb, owner, request, ct);
            var dto = Reply(kb, reply.Turn, reply.EscalationReason, links);
            events.Writer.TryWrite(("sources", dto.Sources));
            events.Writer.TryWrite(("done", dto));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var (title, detail, status) = ex is ModelException model
                ? ("The model failed", model.Message, StatusCodes.Status502BadGateway)
                : ("Unexpected error", "The server could not complete the reply.", StatusCodes.Status500InternalServerError);
            if (status >= 500 && ex is not ModelException)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConversationsApi)).LogError(ex, "Streaming reply failed");
            }

            events.Writer.TryWrite(("error", new StreamError(title, detail, status)));
        }
        finally
        {
            events.Writer.TryComplete();
        }

        await writer;
    }

    private static async Task WriteEventAsync(HttpResponse response, string name, object data, JsonSerializerOptions json, CancellationToken ct)
    {
        // Compact JSON has no line breaks, so each event is one data line.
        await response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data, data.GetType(), json)}\n\n", ct);
        await response.Body.FlushAsync(ct);
    }

    private static async Task<IResult> FeedbackAsync(
        HttpContext context, string id, FeedbackRequest? body, SupportConversations conversations, MessageLimit limit, TimeProvider time, CancellationToken ct)
    {
        if (body?.Rating is not ("up" or "down")) return SearchApi.Validation("rating", "rating: must be \"up\" or \"down\"");
        if (body.MessageId is not { } messageId) return SearchApi.Validation("messageId", "messageId: which reply the feedback is about is missing");
        if (limit.Check("comment", body.Comment) is { } tooLong) return tooLong;
        var kb = context.KnowledgeBase();
        var key = KeyName(context);
        if (await conversations.GetAsync(kb, key, id, ct) is not { } found) return NotFound(id);
        if (found.Turns.All(t => t.N != messageId))
        {
            return TypedResults.Problem(title: "Message not found", detail: $"Conversation '{id}' has no reply {messageId}.", statusCode: StatusCodes.Status404NotFound);
        }

        var comment = string.IsNullOrWhiteSpace(body.Comment) ? null : body.Comment.Trim();
        await conversations.StoreOf(kb).SaveFeedbackAsync(new FeedbackRecord(id, messageId, body.Rating, comment, key, time.GetUtcNow()), ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ListFeedbackAsync(HttpContext context, SupportConversations conversations, int? limit, CancellationToken ct)
    {
        var items = await conversations.StoreOf(context.KnowledgeBase()).ListFeedbackAsync(Math.Clamp(limit ?? 100, 1, 1000), ct);
        return TypedResults.Ok(items.Select(f => new FeedbackDto(f.ConversationId, f.MessageId, f.Rating, f.Comment, f.KeyName, f.At)).ToList());
    }

    private static async Task<IResult> ListEscalationsAsync(HttpContext context, SupportConversations conversations, int? limit, CancellationToken ct)
    {
        var items = await conversations.StoreOf(context.KnowledgeBase()).ListEscalationsAsync(null, Math.Clamp(limit ?? 100, 1, 1000), ct);
        return TypedResults.Ok(items.Select(e => new EscalationDto(e.ConversationId, e.MessageId, e.Reason, e.Message, e.KeyName, e.At)).ToList());
    }

    private static async Task<IResult> ResolveAsync(HttpContext context, string conversationId, SupportConversations conversations, TimeProvider time, CancellationToken ct) =>
        await conversations.StoreOf(context.KnowledgeBase()).ResolveEscalationsAsync(conversationId, time.GetUtcNow(), ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "No open escalation", detail: $"Conversation '{conversationId}' has no open escalation here.", statusCode: StatusCodes.Status404NotFound);

    internal static MessageReply Reply(KnowledgeBase kb, StoredTurn turn, string? escalationReason, SourceLinks links) => new(
        turn.N,
        turn.Answer,
        turn.Mode,
        turn.Found,
        [.. turn.Sources.Select(h => Source(kb, h.Rank, h.Source, h.Section, h.Page, h.Text, links))],
        [.. turn.Citations.Select(c => new CitationDto(c.N, c.Supported))],
        escalationReason is not null,
        escalationReason);

    internal static SourceDto Source(KnowledgeBase kb, int n, string sourcePath, string section, int? page, string text, SourceLinks links)
    {
        var source = DocumentPaths.Display(kb, sourcePath);
        return new SourceDto(n, source, section, page, text) { Url = links.For(kb, source, section) };
    }

    private static string KeyName(HttpContext context) =>
        context.User.FindFirst(ApiKeyClaims.KeyName)?.Value ?? throw new InvalidOperationException("no key name on an authenticated caller");

    private static IResult NotFound(string id) =>
        TypedResults.Problem(title: "Conversation not found", detail: $"No conversation '{id}' for this key.", statusCode: StatusCodes.Status404NotFound);

    private static IResult ModelFailed(ModelException ex) =>
        TypedResults.Problem(title: "The model failed", detail: ex.Message, statusCode: StatusCodes.Status502BadGateway);
}

public sealed record MessageRequest(string? Content);

public sealed record FeedbackRequest(int? MessageId, string? Rating, string? Comment);

public sealed record CreatedConversation(string Id);

public sealed record SourceDto(int N, string Source, string Section, int? Page, string Text)
{
    /// <summary>Where a person can read the source (Server:SourceLinks, or the source itself when it is a web address); null when unknown.</summary>
    public string? Url { get; init; }
}

public sealed record CitationDto(int N, bool Supported);

/// <summary>The reply to a message: the JSON body, and the <c>done</c> event of the stream.</summary>
public sealed record MessageReply(
    int MessageId, string Answer, string Mode, bool Found, IReadOnlyList<SourceDto> Sources, IReadOnlyList<CitationDto> Citations, bool Escalate, string? EscalationReason);

public sealed record ConversationMessageDto(string Content, DateTimeOffset At, MessageReply Reply);

public sealed record ConversationDto(string Id, string KnowledgeBase, DateTimeOffset CreatedAt, IReadOnlyList<ConversationMessageDto> Messages);

public sealed record FeedbackDto(string ConversationId, int MessageId, string Rating, string? Comment, string Key, DateTimeOffset At);

public sealed record EscalationDto(string ConversationId, int MessageId, string Reason, string Message, string Key, DateTimeOffset At);

public sealed record TokenEvent(string Text);

public sealed record ToolEvent(string Name, string Status, string Arguments, double? Ms);

public sealed record StreamError(string Title, string Detail, int Status);
