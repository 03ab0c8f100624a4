using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Storage.Qdrant;

/// <summary>
/// A fake Qdrant on a real loopback socket. It checks every request body against the operation's requestBody
/// schema in the Qdrant 1.19 OpenAPI spec (and every response it sends against the 200 response schema, so its
/// answers stay spec-shaped), and answers with the success envelope. Collections are remembered so that
/// exists/create behave; query and scroll answers can be scripted per test.
/// </summary>
internal sealed class FakeQdrantServer : IAsyncDisposable
{
    private static readonly Lazy<OpenApiSchemaValidator> Spec = new(() => OpenApiSchemaValidator.Load(SpecPath));
    private readonly ConcurrentBag<string> _violations = [];
    private readonly ConcurrentDictionary<string, JsonObject> _collections = new();
    private readonly LoopbackHttpServer _server;

    public FakeQdrantServer(Func<RecordedRequest, int, (int Status, string Json)?>? script = null)
    {
        Script = script;
        _server = new LoopbackHttpServer(HandleAsync);
    }

    public static string SpecPath => Path.Combine(RepoPaths.Root, "tests", "Assistant.Tests", "Fixtures", "qdrant", "openapi.json");

    public static OpenApiSchemaValidator Validator => Spec.Value;

    /// <summary>Overrides the default answer: gets the request and its 0-based sequence number; null = default.</summary>
    public Func<RecordedRequest, int, (int Status, string Json)?>? Script { get; set; }

    /// <summary>Scored points returned by /points/query (ScoredPoint JSON objects).</summary>
    public JsonArray QueryResult { get; set; } = [];

    /// <summary>Pages returned by successive /points/scroll calls; afterwards an empty page.</summary>
    public Queue<(JsonArray Points, JsonNode? Next)> ScrollPages { get; } = new();

    public long CountResult { get; set; }

    /// <summary>Requests for which this returns true get no answer for 30 s, to exercise client timeouts.</summary>
    public Func<RecordedRequest, bool> Hang { get; set; } = _ => false;

    public Uri BaseAddress => _server.BaseAddress;

    public IReadOnlyList<RecordedRequest> Requests => _server.Requests;

    public IReadOnlyCollection<string> Violations => _violations;

    public IReadOnlyCollection<string> CollectionNames => _collections.Keys.ToArray();

    public void AddCollection(string name, JsonObject? createBody = null) => _collections[name] = createBody ?? [];

    public static JsonObject ParseBody(RecordedRequest r) => JsonNode.Parse(r.Body)!.AsObject();

    public void AssertNoViolations() => Assert.True(_violations.IsEmpty, "Requests violating the Qdrant spec:\n" + string.Join("\n", _violations));

    private readonly CancellationTokenSource _stop = new();
    private int _sequence = -1;

    private async Task HandleAsync(RecordedRequest request, System.Net.HttpListenerResponse response)
    {
        var n = Interlocked.Increment(ref _sequence);
        if (Hang(request))
        {
            await Task.Delay(TimeSpan.FromSeconds(30), _stop.Token).ContinueWith(_ => { });
            response.Abort();
            return;
        }

        var errors = Validator.ValidateRequest(request.Method, request.Path, request.Body);
        foreach (var e in errors)
        {
            _violations.Add($"{request.Method} {request.PathAndQuery}: {e}");
        }

        var (status, json) = errors.Count > 0
            ? (400, Error("spec violation: " + errors[0]))
            : Script?.Invoke(request, n) ?? DefaultAnswer(request);
        if (status == 200)
        {
            var schema = Validator.ResponseSchema(request.Method, request.Path);
            foreach (var e in schema is null ? [] : Validator.Validate(JsonNode.Parse(json), schema))
            {
                _violations.Add($"fake's own response to {request.Method} {request.Path} is off-spec: {e}");
            }
        }

        await LoopbackHttpServer.WriteJsonAsync(response, json, status);
    }

    public static string Ok(JsonNode? result) => new JsonObject { ["result"] = result, ["status"] = "ok", ["time"] = 0.001 }.ToJsonString();

    public static string Error(string message) =>
        new JsonObject { ["status"] = new JsonObject { ["error"] = message }, ["time"] = 0.001, ["result"] = null }.ToJsonString();

    public static JsonObject Updated() => new() { ["operation_id"] = 1, ["status"] = "completed" };

    private (int, string) DefaultAnswer(RecordedRequest request)
    {
        var parts = request.Path.Trim('/').Split('/');
        var name = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "";
        var tail = string.Join('/', parts.Skip(2));
        return (request.Method, tail) switch
        {
            ("GET", "exists") => (200, Ok(new JsonObject { ["exists"] = _collections.ContainsKey(name) })),
            ("PUT", "") => Create(name, request),
            ("GET", "") => _collections.TryGetValue(name, out var body)
                ? (200, Ok(CollectionInfo(body)))
                : (404, Error($"Not found: Collection `{name}` doesn't exist!")),
            (_, _) when !_collections.ContainsKey(name) => (404, Error($"Not found: Collection `{name}` doesn't exist!")),
            ("PUT", "index") or ("PUT", "points") or ("POST", "points/delete") => (200, Ok(Updated())),
            ("POST", "points/query") => (200, Ok(new JsonObject { ["points"] = QueryResult.DeepClone() })),
            ("POST", "points/scroll") => (200, Ok(NextScrollPage())),
            ("POST", "points/count") => (200, Ok(new JsonObject { ["count"] = CountResult })),
            _ => (404, Error($"fake Qdrant has no answer for {request.Method} {request.Path}")),
        };
    }

    private (int, string) Create(string name, RecordedRequest request)
    {
        if (!_collections.TryAdd(name, FakeQdrantServer.ParseBody(request)))
        {
            return (409, Error($"Wrong input: Collection `{name}` already exists!"));
        }

        return (200, Ok(true));
    }

    private JsonObject NextScrollPage()
    {
        var (points, next) = ScrollPages.TryDequeue(out var page) ? page : ([], null);
        return new JsonObject { ["points"] = points.DeepClone(), ["next_page_offset"] = next?.DeepClone() };
    }

    /// <summary>A CollectionInfo with the required fields, echoing the vectors config the collection was created with.</summary>
    private JsonObject CollectionInfo(JsonObject createBody) => new()
    {
        ["status"] = "green",
        ["optimizer_status"] = "ok",
        ["points_count"] = CountResult,
        ["segments_count"] = 1,
        ["payload_schema"] = new JsonObject(),
        ["config"] = new JsonObject
        {
            ["params"] = new JsonObject
            {
                ["vectors"] = createBody["vectors"]?.DeepClone() ?? new JsonObject(),
                ["sparse_vectors"] = createBody["sparse_vectors"]?.DeepClone(),
            },
            ["hnsw_config"] = new JsonObject { ["m"] = 16, ["ef_construct"] = 100, ["full_scan_threshold"] = 10000 },
            ["optimizer_config"] = new JsonObject { ["default_segment_number"] = 0, ["flush_interval_sec"] = 5 },
        },
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _server.DisposeAsync();
        _stop.Dispose();
    }
}
