using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Storage.Qdrant;

/// <summary>
/// A fake Qdrant on a real loopback socket. It checks every request body against the operation's requestBody
/// schema in the Qdrant 1.19 OpenAPI spec (and every response it sends against the 200 response schema, so its
/// answers stay spec-shaped), and answers with the success envelope. Collections keep their create body, their
/// metadata (merged by PATCH, null removing a key) and their points: upsert (checking vector names and dense
/// sizes as Qdrant does), retrieve, scroll (id order, offset/limit), count, delete and vectors/delete, with filters
/// of must/should/must_not over match value/any, range, has_id and has_vector on top-level payload keys — any other
/// condition is answered with an error rather than guessed. Query answers, scroll pages and counts can still be
/// scripted per test.
/// </summary>
internal sealed class FakeQdrantServer : IAsyncDisposable
{
    private static readonly Lazy<OpenApiSchemaValidator> Spec = new(() => OpenApiSchemaValidator.Load(SpecPath));
    private readonly ConcurrentBag<string> _violations = [];
    private readonly ConcurrentDictionary<string, FakeCollection> _collections = new();
    private readonly object _pointsLock = new();
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

    /// <summary>Pages returned by successive /points/scroll calls while any are queued; afterwards the stored points.</summary>
    public Queue<(JsonArray Points, JsonNode? Next)> ScrollPages { get; } = new();

    /// <summary>When set, every /points/count (and points_count) answers this instead of counting stored points.</summary>
    public long? CountResult { get; set; }

    /// <summary>Requests for which this returns true get no answer for 30 s, to exercise client timeouts.</summary>
    public Func<RecordedRequest, bool> Hang { get; set; } = _ => false;

    public Uri BaseAddress => _server.BaseAddress;

    public IReadOnlyList<RecordedRequest> Requests => _server.Requests;

    public IReadOnlyCollection<string> Violations => _violations;

    public IReadOnlyCollection<string> CollectionNames => _collections.Keys.ToArray();

    public void AddCollection(string name, JsonObject? createBody = null) => _collections[name] = new FakeCollection(createBody ?? []);

    /// <summary>The body the collection was created with (vectors, sparse_vectors, metadata as sent).</summary>
    public JsonObject CreateBody(string name) => _collections[name].CreateBody;

    /// <summary>The collection's current metadata, or null when it has none.</summary>
    public JsonObject? Metadata(string name)
    {
        lock (_pointsLock)
        {
            return _collections[name].Metadata?.DeepClone().AsObject();
        }
    }

    /// <summary>Copies of the stored points ({id, vector, payload}) in id order.</summary>
    public IReadOnlyList<JsonObject> Points(string name)
    {
        lock (_pointsLock)
        {
            return _collections[name].Points.Values.Select(p => p.DeepClone().AsObject()).ToList();
        }
    }

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
        if ((request.Method, tail) == ("GET", "exists"))
        {
            return (200, Ok(new JsonObject { ["exists"] = _collections.ContainsKey(name) }));
        }

        if ((request.Method, tail) == ("PUT", ""))
        {
            return Create(name, request);
        }

        if (!_collections.TryGetValue(name, out var collection))
        {
            return (404, Error($"Not found: Collection `{name}` doesn't exist!"));
        }

        var body = request.Body.Length == 0 ? null : ParseBody(request);
        lock (_pointsLock)
        {
            try
            {
                return (request.Method, tail) switch
                {
                    ("GET", "") => (200, Ok(CollectionInfo(collection))),
                    ("PATCH", "") => (200, Ok(collection.MergeMetadata(body!["metadata"] as JsonObject))),
                    ("DELETE", "") => (200, Ok(_collections.TryRemove(name, out _))),
                    ("PUT", "index") => (200, Ok(Updated())),
                    ("PUT", "points") => (200, Ok(collection.Upsert(body!["points"]!.AsArray()))),
                    ("POST", "points") => (200, Ok(collection.Retrieve(body!))),
                    ("POST", "points/delete") => (200, Ok(collection.Delete(body!))),
                    ("POST", "points/vectors/delete") => (200, Ok(collection.DeleteVectors(body!))),
                    ("POST", "points/query") => (200, Ok(new JsonObject { ["points"] = QueryResult.DeepClone() })),
                    ("POST", "points/scroll") => (200, Ok(ScrollPages.TryDequeue(out var page)
                        ? new JsonObject { ["points"] = page.Points.DeepClone(), ["next_page_offset"] = page.Next?.DeepClone() }
                        : collection.Scroll(body!))),
                    ("POST", "points/count") => (200, Ok(new JsonObject { ["count"] = CountResult ?? collection.Count(body?["filter"]) })),
                    _ => (404, Error($"fake Qdrant has no answer for {request.Method} {request.Path}")),
                };
            }
            catch (FakeQdrantInputException ex)
            {
                return (400, Error("Wrong input: " + ex.Message));
            }
        }
    }

    private (int, string) Create(string name, RecordedRequest request)
    {
        if (!_collections.TryAdd(name, new FakeCollection(ParseBody(request))))
        {
            return (409, Error($"Wrong input: Collection `{name}` already exists!"));
        }

        return (200, Ok(true));
    }

    /// <summary>A CollectionInfo with the required fields, echoing the vectors config the collection was created with and its metadata.</summary>
    private JsonObject CollectionInfo(FakeCollection collection)
    {
        var config = new JsonObject
        {
            ["params"] = new JsonObject
            {
                ["vectors"] = collection.CreateBody["vectors"]?.DeepClone() ?? new JsonObject(),
                ["sparse_vectors"] = collection.CreateBody["sparse_vectors"]?.DeepClone(),
            },
            ["hnsw_config"] = new JsonObject { ["m"] = 16, ["ef_construct"] = 100, ["full_scan_threshold"] = 10000 },
            ["optimizer_config"] = new JsonObject { ["default_segment_number"] = 0, ["flush_interval_sec"] = 5 },
        };
        if (collection.Metadata is not null)
        {
            config["metadata"] = collection.Metadata.DeepClone();
        }

        return new JsonObject
        {
            ["status"] = "green",
            ["optimizer_status"] = "ok",
            ["points_count"] = CountResult ?? collection.Points.Count,
            ["segments_count"] = 1,
            ["payload_schema"] = new JsonObject(),
            ["config"] = config,
        };
    }

    /// <summary>Qdrant would reject the request with 400 "Wrong input".</summary>
    private sealed class FakeQdrantInputException(string message) : Exception(message);

    /// <summary>One collection's config, metadata and points (keyed so that ordinal order is Qdrant's id order).</summary>
    private sealed class FakeCollection(JsonObject createBody)
    {
        public JsonObject CreateBody { get; } = createBody;

        public JsonObject? Metadata { get; private set; } = createBody["metadata"]?.DeepClone().AsObject();

        public SortedDictionary<string, JsonObject> Points { get; } = new(StringComparer.Ordinal);

        public bool MergeMetadata(JsonObject? update)
        {
            foreach (var (key, value) in update ?? [])
            {
                Metadata ??= [];
                if (value is null)
                {
                    Metadata.Remove(key);
                }
                else
                {
                    Metadata[key] = value.DeepClone();
                }
            }

            return true;
        }

        public JsonObject Upsert(JsonArray points)
        {
            foreach (var point in points.Select(p => p!.AsObject()))
            {
                var vectors = point["vector"] as JsonObject
                    ?? throw new FakeQdrantInputException("the fake stores named vectors only (an object of name → vector)");
                foreach (var (vectorName, vector) in vectors)
                {
                    CheckVector(vectorName, vector);
                }

                Points[Key(point["id"]!)] = new JsonObject
                {
                    ["id"] = point["id"]!.DeepClone(),
                    ["vector"] = vectors.DeepClone(),
                    ["payload"] = point["payload"]?.DeepClone() ?? new JsonObject(),
                };
            }

            return Updated();
        }

        public JsonArray Retrieve(JsonObject request)
        {
            var found = request["ids"]!.AsArray().Select(id => Points.GetValueOrDefault(Key(id!))).OfType<JsonObject>();
            return new JsonArray(found.Select(p => (JsonNode?)Record(p, request["with_payload"], request["with_vector"])).ToArray());
        }

        public JsonObject Scroll(JsonObject request)
        {
            var limit = request["limit"]?.GetValue<int>() ?? 10;
            var start = request["offset"] is { } offset ? Key(offset) : null;
            var matching = Points
                .Where(p => start is null || string.CompareOrdinal(p.Key, start) >= 0)
                .Where(p => Matches(request["filter"], p.Value))
                .Take(limit + 1)
                .Select(p => p.Value)
                .ToList();
            return new JsonObject
            {
                ["points"] = new JsonArray(matching.Take(limit).Select(p => (JsonNode?)Record(p, request["with_payload"], request["with_vector"])).ToArray()),
                ["next_page_offset"] = matching.Count > limit ? matching[limit]["id"]!.DeepClone() : null,
            };
        }

        public long Count(JsonNode? filter) => Points.Values.Count(p => Matches(filter, p));

        public JsonObject Delete(JsonObject selector)
        {
            foreach (var key in Selected(selector))
            {
                Points.Remove(key);
            }

            return Updated();
        }

        public JsonObject DeleteVectors(JsonObject request)
        {
            var names = request["vector"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
            foreach (var key in Selected(request))
            {
                var vectors = Points[key]["vector"]!.AsObject();
                names.ForEach(n => vectors.Remove(n));
            }

            return Updated();
        }

        private List<string> Selected(JsonObject selector) =>
            selector["points"] is JsonArray ids
                ? ids.Select(id => Key(id!)).Where(Points.ContainsKey).ToList()
                : Points.Where(p => Matches(selector["filter"], p.Value)).Select(p => p.Key).ToList();

        private void CheckVector(string vectorName, JsonNode? vector)
        {
            if (CreateBody["vectors"]?[vectorName] is { } dense)
            {
                var size = dense["size"]!.GetValue<int>();
                var length = (vector as JsonArray)?.Count ?? throw new FakeQdrantInputException($"vector `{vectorName}` must be a dense array");
                if (length != size)
                {
                    throw new FakeQdrantInputException($"Vector dimension error: expected dim: {size}, got {length}");
                }
            }
            else if (CreateBody["sparse_vectors"]?[vectorName] is not null)
            {
                if (vector?["indices"] is not JsonArray || vector["values"] is not JsonArray)
                {
                    throw new FakeQdrantInputException($"vector `{vectorName}` must be a sparse vector");
                }
            }
            else
            {
                throw new FakeQdrantInputException($"Not existing vector name error: {vectorName}");
            }
        }

        /// <summary>A Record as scroll and retrieve return it, with the payload fields and vectors asked for.</summary>
        private static JsonObject Record(JsonObject point, JsonNode? withPayload, JsonNode? withVector)
        {
            var payload = point["payload"]!.AsObject();
            JsonObject? shownPayload = withPayload switch
            {
                null => payload.DeepClone().AsObject(),
                JsonArray fields => new JsonObject(fields.Select(f => f!.GetValue<string>()).Where(payload.ContainsKey)
                    .Select(f => KeyValuePair.Create(f, payload[f]?.DeepClone()))),
                _ when withPayload.GetValue<bool>() => payload.DeepClone().AsObject(),
                _ => null,
            };
            var vectors = point["vector"]!.AsObject();
            JsonObject? shownVectors = withVector switch
            {
                JsonArray names => new JsonObject(names.Select(n => n!.GetValue<string>()).Where(vectors.ContainsKey)
                    .Select(n => KeyValuePair.Create(n, vectors[n]?.DeepClone()))),
                JsonValue v when v.GetValue<bool>() => vectors.DeepClone().AsObject(),
                _ => null,
            };
            return new JsonObject { ["id"] = point["id"]!.DeepClone(), ["payload"] = shownPayload, ["vector"] = shownVectors };
        }

        /// <summary>Integer ids before UUIDs, each in ascending order, as Qdrant orders them.</summary>
        private static string Key(JsonNode id) =>
            id.GetValueKind() == System.Text.Json.JsonValueKind.Number
                ? "0:" + id.GetValue<ulong>().ToString("D20", System.Globalization.CultureInfo.InvariantCulture)
                : "1:" + Guid.Parse(id.GetValue<string>()).ToString("D");

        private static bool Matches(JsonNode? filter, JsonObject point)
        {
            if (filter is null)
            {
                return true;
            }

            static IEnumerable<JsonNode> Conditions(JsonNode? clause) => clause switch
            {
                null => [],
                JsonArray many => many.Select(c => c!),
                _ => [clause],
            };

            var should = Conditions(filter["should"]).ToList();
            return Conditions(filter["must"]).All(c => Satisfies(c, point))
                && (should.Count == 0 || should.Any(c => Satisfies(c, point)))
                && !Conditions(filter["must_not"]).Any(c => Satisfies(c, point));
        }

        private static bool Satisfies(JsonNode condition, JsonObject point)
        {
            if (condition["has_vector"] is { } vectorName)
            {
                return point["vector"]![vectorName.GetValue<string>()] is not null;
            }

            if (condition["has_id"] is JsonArray ids)
            {
                return ids.Any(id => Key(id!) == Key(point["id"]!));
            }

            if (condition["must"] is not null || condition["should"] is not null || condition["must_not"] is not null)
            {
                return Matches(condition, point);
            }

            var key = condition["key"]?.GetValue<string>()
                ?? throw new FakeQdrantInputException("the fake evaluates only match, range, has_id, has_vector and nested filters: " + condition.ToJsonString());
            var value = point["payload"]![key];
            var values = value is JsonArray array ? array.Select(v => v!).ToList() : value is null ? [] : [value];
            if (condition["match"]?["value"] is { } expected)
            {
                return values.Any(v => JsonNode.DeepEquals(v, expected));
            }

            if (condition["match"]?["any"] is JsonArray any)
            {
                return values.Any(v => any.Any(a => JsonNode.DeepEquals(v, a)));
            }

            if (condition["range"] is JsonObject range)
            {
                return values.Any(v => v.GetValueKind() == System.Text.Json.JsonValueKind.Number && InRange(v.GetValue<double>(), range));
            }

            throw new FakeQdrantInputException("the fake cannot evaluate the condition " + condition.ToJsonString());
        }

        private static bool InRange(double x, JsonObject range) =>
            (range["gte"] is not { } gte || x >= gte.GetValue<double>())
            && (range["gt"] is not { } gt || x > gt.GetValue<double>())
            && (range["lte"] is not { } lte || x <= lte.GetValue<double>())
            && (range["lt"] is not { } lt || x < lt.GetValue<double>());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _server.DisposeAsync();
        _stop.Dispose();
    }
}
