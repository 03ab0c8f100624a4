using Assistant.Core.Hosting;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Assistant.Cli.Benchmarking;

/// <summary>
/// A model that answers at once: a small Kestrel app on 127.0.0.1 (port chosen by the OS) speaking OpenAI
/// <c>/v1/chat/completions</c>, streamed and not. An answer prompt gets the first words of passage [1] cited as
/// [1] (so the reply is found and its citation supported); a condense prompt gets the latest question back, any
/// other prompt (translation) its user message. It records per call the time it spent, from the request reaching
/// its handler to the response written: "the model's own latency". Calls are matched to the benchmark's requests by
/// the tag <see cref="Tag"/> that each question carries (the last one in the prompt's user message is the current question's).
/// </summary>
internal sealed partial class InstantModel : IAsyncDisposable
{
    public const string ModelName = "instant";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, ModelTime> _byTag = new();
    private int _calls;

    private InstantModel(WebApplication app) => _app = app;

    /// <summary>The base address for an OpenAI-compatible profile, ending in /v1/.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The tag a question carries so the model's time can be matched to the request that caused it.</summary>
    public static string Tag(int id) => $"bq{id:D7}";

    public static async Task<InstantModel> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(HostArguments.WithoutConfigWatch());
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var model = new InstantModel(app);
        app.MapPost("/v1/chat/completions", new RequestDelegate(model.CompleteAsync));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        model.Endpoint = new Uri(address.TrimEnd('/') + "/v1/");
        return model;
    }

    /// <summary>The model's own time for the request tagged <paramref name="id"/>, all its calls together (condense, translate, answer); null if none.</summary>
    public ModelTime? TimeOf(int id) => _byTag.TryGetValue(id, out var time) ? time : null;

    public void Forget() => _byTag.Clear();

    private async Task CompleteAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        var messages = request?["messages"] as JsonArray ?? [];
        var user = messages.LastOrDefault(m => (string?)m?["role"] == "user") is { } last ? Content(last) : string.Empty;
        var reply = Reply(user);
        var stream = request?["stream"]?.GetValue<bool>() == true;
        if (stream) await StreamAsync(context.Response, reply, context.RequestAborted);
        else await WholeAsync(context.Response, reply, context.RequestAborted);

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Interlocked.Increment(ref _calls);
        if (TagPattern().Matches(user) is { Count: > 0 } tags && int.TryParse(tags[^1].Groups[1].ValueSpan, out var id))
        {
            _byTag.AddOrUpdate(id, _ => new ModelTime(elapsed, 1), (_, t) => new ModelTime(t.Milliseconds + elapsed, t.Calls + 1));
        }
    }

    private static string Reply(string user)
    {
        const string Latest = "Latest question:";
        var question = user.LastIndexOf(Latest, StringComparison.Ordinal);
        if (question >= 0) return user[(question + Latest.Length)..].Trim();
        if (FirstPassage().Match(user) is { Success: true } passage) return Excerpt(passage.Groups[2].Value) + " [1]";
        return user.Trim();
    }

    /// <summary>The passage's first words, cut at a space, up to ~160 characters.</summary>
    private static string Excerpt(string passage)
    {
        var text = passage.Trim().ReplaceLineEndings(" ");
        if (text.Length <= 160) return text;
        var cut = text.LastIndexOf(' ', 160);
        return text[..(cut > 40 ? cut : 160)];
    }

    private static string Content(JsonNode message) => message["content"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => (string?)p?["text"] ?? string.Empty)),
        _ => string.Empty,
    };

    private static async Task WholeAsync(HttpResponse response, string reply, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["id"] = "chatcmpl-instant",
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = ModelName,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = Usage(reply),
        };
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        response.ContentType = "application/json";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>The answer in three pieces, then the finish chunk, a usage chunk and [DONE], as OpenAI streams.</summary>
    private static async Task StreamAsync(HttpResponse response, string reply, CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream";
        var third = Math.Max(1, reply.Length / 3);
        string[] pieces = [reply[..Math.Min(third, reply.Length)], reply[Math.Min(third, reply.Length)..Math.Min(2 * third, reply.Length)], reply[Math.Min(2 * third, reply.Length)..]];
        var sb = new StringBuilder();
        void Chunk(JsonObject delta, string? finish, JsonNode? usage = null)
        {
            var chunk = new JsonObject
            {
                ["id"] = "chatcmpl-instant",
                ["object"] = "chat.completion.chunk",
                ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["model"] = ModelName,
                ["choices"] = usage is null ? new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }) : new JsonArray(),
            };
            if (usage is not null) chunk["usage"] = usage;
            sb.Append("data: ").Append(chunk.ToJsonString()).Append("\n\n");
        }

        Chunk(new JsonObject { ["role"] = "assistant", ["content"] = string.Empty }, null);
        foreach (var piece in pieces.Where(p => p.Length > 0)) Chunk(new JsonObject { ["content"] = piece }, null);
        Chunk(new JsonObject(), "stop");
        Chunk(new JsonObject(), null, Usage(reply));
        sb.Append("data: [DONE]\n\n");
        await response.WriteAsync(sb.ToString(), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static JsonObject Usage(string reply) => new() { ["prompt_tokens"] = 100, ["completion_tokens"] = Math.Max(1, reply.Length / 4), ["total_tokens"] = 100 + Math.Max(1, reply.Length / 4) };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [GeneratedRegex(@"\bbq(\d{7})\b")]
    private static partial Regex TagPattern();

    [GeneratedRegex("<passage-([0-9A-Za-z]+) id=\"1\"[^>]*>(.*?)</passage-\\1>", RegexOptions.Singleline)]
    private static partial Regex FirstPassage();
}

/// <summary>The model's own time for one benchmark request, over all the calls it made.</summary>
internal sealed record ModelTime(double Milliseconds, int Calls);
