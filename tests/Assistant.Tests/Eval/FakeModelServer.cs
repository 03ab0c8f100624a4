using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Eval;

/// <summary>
/// A loopback Ollama server hosting fixture models that differ in speed, answers and failure behaviour:
/// <c>fast-model</c> answers right at once; <c>slow-model</c> waits <see cref="SlowDelay"/> before its first piece and
/// gets the English questions wrong (and answers the unanswerable one); <c>broken-model</c> fails with HTTP 500;
/// <c>stall-model</c> sends nothing for 2 s; <c>judge-model</c> grades answers. <c>/api/ps</c> lists fast-model as loaded.
/// </summary>
public sealed class FakeModelServer : IAsyncDisposable
{
    public static readonly TimeSpan SlowDelay = TimeSpan.FromMilliseconds(250);
    public const long FastModelBytes = 5_368_709_120;

    private readonly LoopbackHttpServer _server;

    public FakeModelServer() => _server = new LoopbackHttpServer(HandleAsync);

    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>Chat calls per model so far.</summary>
    public int Calls(string model) => _server.Requests.Count(r => r.Path == "/api/chat" && JsonNode.Parse(r.Body)!["model"]!.GetValue<string>() == model);

    public static Dictionary<string, string?> Profiles(Uri endpoint)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var (profile, model) in new[] { ("fast", "fast-model"), ("slow", "slow-model"), ("broken", "broken-model"), ("stall", "stall-model"), ("judge", "judge-model") })
        {
            settings[$"Models:Profiles:{profile}:Provider"] = "ollama";
            settings[$"Models:Profiles:{profile}:Model"] = model;
            settings[$"Models:Profiles:{profile}:Endpoint"] = endpoint.ToString();
            settings[$"Models:Profiles:{profile}:MaxRetries"] = "0";
        }

        settings["Models:Profiles:fast:PricePerMillionInput"] = "1";
        settings["Models:Profiles:fast:PricePerMillionOutput"] = "2";
        settings["Models:Profiles:stall:FirstTokenTimeoutSeconds"] = "1";
        return settings;
    }

    private static async Task HandleAsync(RecordedRequest request, HttpListenerResponse response)
    {
        if (request.Path == "/api/ps")
        {
            await LoopbackHttpServer.WriteJsonAsync(response, $$"""{"models":[{"name":"fast-model:latest","model":"fast-model:latest","size":{{FastModelBytes}},"digest":"abc","expires_at":"2026-11-30T20:00:00Z","size_vram":0}]}""");
            return;
        }

        if (request.Path != "/api/chat")
        {
            await LoopbackHttpServer.WriteJsonAsync(response, """{"error":"not found"}""", 404);
            return;
        }

        var body = JsonNode.Parse(request.Body)!;
        var model = body["model"]!.GetValue<string>();
        var user = body["messages"]!.AsArray().Last(m => m!["role"]!.GetValue<string>() == "user")!["content"]!.GetValue<string>();
        var question = user[(user.LastIndexOf("Question", StringComparison.Ordinal) is var at and >= 0 ? at : 0)..];
        switch (model)
        {
            case "broken-model":
                await LoopbackHttpServer.WriteJsonAsync(response, """{"error":"the fixture model always fails"}""", 500);
                return;
            case "stall-model":
                await Task.Delay(TimeSpan.FromSeconds(2));
                await LoopbackHttpServer.WriteJsonAsync(response, """{"error":"too late"}""", 500);
                return;
            case "slow-model":
                await Task.Delay(SlowDelay);
                break;
        }

        var answer = (model, Topic(question)) switch
        {
            // The judge grades a right answer 4 of 5, anything else 1.
            ("judge-model", _) => user.Contains("30 days of purchase", StringComparison.Ordinal) || user.Contains("구매 후", StringComparison.Ordinal) ? "score: 4" : "score: 1",
            ("fast-model", "refund-en") => "Refunds are accepted within 30 days of purchase [1].",
            ("fast-model", "refund-ko") => "구매 후 30일 이내에 환불할 수 있습니다 [1].",
            ("fast-model", _) => "The documents don't say: nothing in the index answers this question.",
            (_, "refund-en") => "Refunds are accepted within 90 days of purchase [1].",
            (_, "refund-ko") => "30일 이내에 환불할 수 있습니다 [1].",
            _ => "Yes, the refund policy covers the smartwatch app [1].",
        };
        if (body["stream"]?.GetValue<bool>() == false)
        {
            await LoopbackHttpServer.WriteJsonAsync(response, JsonSerializer.Serialize(new { model, created_at = "2026-11-30T10:00:00Z", message = new { role = "assistant", content = answer }, done = true, done_reason = "stop", prompt_eval_count = 50, eval_count = 3 }));
            return;
        }

        var half = answer.Length / 2;
        string[] lines =
        [
            Line(model, answer[..half], done: false),
            Line(model, answer[half..], done: false),
            $$"""{"model":"{{model}}","created_at":"2026-11-30T10:00:01Z","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"prompt_eval_count":200,"eval_count":10}""",
        ];
        await LoopbackHttpServer.WriteChunkedAsync(response, string.Join("\n", lines) + "\n", pieceSize: 64, contentType: "application/x-ndjson");
    }

    private static string Topic(string question) =>
        question.Contains("환불", StringComparison.Ordinal) ? "refund-ko"
        : question.Contains("smartwatch", StringComparison.OrdinalIgnoreCase) ? "other"
        : "refund-en";

    private static string Line(string model, string content, bool done) =>
        JsonSerializer.Serialize(new { model, created_at = "2026-11-30T10:00:00Z", message = new { role = "assistant", content }, done });

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
