using System.Text.Json.Nodes;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Storage.Qdrant;

/// <summary>The validator guards every fake-Qdrant test, so it must reject bad bodies, not just accept good ones.</summary>
public sealed class OpenApiSchemaValidatorTests
{
    private static OpenApiSchemaValidator V => FakeQdrantServer.Validator;

    [Theory]
    [InlineData("PUT", "/collections/c", """{"vectors":{"dense":{"size":4,"distance":"Cosine"}},"sparse_vectors":{"bm25":{"modifier":"idf"}}}""")]
    [InlineData("PUT", "/collections/c/index?wait=true", """{"field_name":"tags","field_schema":"keyword"}""")]
    [InlineData("PUT", "/collections/c/points?wait=true", """{"points":[{"id":"6f1c2d3e-8a4b-5c5d-9e6f-7a8b9c0d1e2f","vector":{"dense":[0.1,0.2],"bm25":{"indices":[1,7],"values":[0.5,1]}},"payload":{"a":1}}]}""")]
    [InlineData("POST", "/collections/c/points/delete?wait=true", """{"filter":{"must":[{"key":"document_id","match":{"value":"d"}},{"key":"chunk_index","range":{"gte":3}}]}}""")]
    [InlineData("POST", "/collections/c/points/query", """{"prefetch":[{"query":[0.1,0.2],"using":"dense","limit":20}],"query":{"fusion":"rrf"},"limit":5,"with_payload":["text"],"score_threshold":0.5}""")]
    [InlineData("POST", "/collections/c/points/scroll", """{"limit":10,"with_payload":true,"with_vector":false,"offset":42}""")]
    [InlineData("GET", "/collections/c/exists", "")]
    public void Accepts_valid_requests(string method, string path, string body) =>
        Assert.Empty(V.ValidateRequest(method, path, body));

    [Theory]
    [InlineData("PUT", "/collections/c", """{"vectors":{"dense":{"size":4,"distance":"cosine"}}}""", "$.vectors")] // enum is case-sensitive
    [InlineData("PUT", "/collections/c", """{"vectors":{"dense":{"size":0,"distance":"Cosine"}}}""", "$.vectors")] // minimum 1
    [InlineData("PUT", "/collections/c/index", """{"field_schema":"keyword"}""", "missing required property 'field_name'")]
    [InlineData("PUT", "/collections/c/points", """{"points":[{"id":"not-a-uuid","vector":[0.1]}]}""", "$.points[0].id")]
    [InlineData("PUT", "/collections/c/points", """{"points":[{"id":-1,"vector":[0.1]}]}""", "$.points[0].id")]
    [InlineData("PUT", "/collections/c/points", """{"points":[{"id":1}]}""", "missing required property 'vector'")]
    [InlineData("POST", "/collections/c/points/delete", """{"filter":{"must":[{"key":"a","match":{"value":"x"}}],"bogus":1}}""", "$")]
    [InlineData("POST", "/collections/c/points/query", """{"query":[0.1],"limit":0}""", "$.limit: 0 is below the minimum 1")]
    [InlineData("POST", "/collections/c/points/query", """{"query":[0.1],"limit":2.5}""", "$.limit: expected an integer")]
    [InlineData("POST", "/collections/c/points/query", """{"query":[0.1],"score_treshold":0.5}""", "$.score_treshold: property 'score_treshold' is not allowed")]
    [InlineData("POST", "/collections/c/points/query", """{"query":{"fusion":"rrr"}}""", "$.query")]
    [InlineData("POST", "/collections/c/points/scroll", """{"limit":null,"with_payload":"yes"}""", "$.with_payload")]
    [InlineData("GET", "/collections/c/exists", """{"x":1}""", "takes no body")]
    public void Rejects_invalid_requests_naming_the_path(string method, string path, string body, string expected)
    {
        var errors = V.ValidateRequest(method, path, body);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Null_only_branch_accepts_null_but_not_other_values()
    {
        var schema = V.Component("CreateFieldIndex");
        Assert.Empty(V.Validate(JsonNode.Parse("""{"field_name":"a","field_schema":null}"""), schema));
        Assert.NotEmpty(V.Validate(JsonNode.Parse("""{"field_name":"a","field_schema":42}"""), schema));
    }

    [Fact]
    public void Formats_are_enforced()
    {
        var sparse = V.Component("SparseVector");
        Assert.Empty(V.Validate(JsonNode.Parse("""{"indices":[0,4294967295],"values":[1.5,-2]}"""), sparse));
        Assert.Contains(V.Validate(JsonNode.Parse("""{"indices":[4294967296],"values":[1]}"""), sparse), e => e.Contains("exceeds uint32"));
        Assert.Contains(V.Validate(JsonNode.Parse("""{"indices":[1],"values":["1"]}"""), sparse), e => e.StartsWith("$.values[0]: expected number"));
    }

    [Fact]
    public void Lenient_mode_allows_unlisted_properties_that_strict_mode_rejects()
    {
        var lenient = new OpenApiSchemaValidator(JsonNode.Parse(File.ReadAllText(FakeQdrantServer.SpecPath))!, strict: false);
        var body = """{"query":[0.1],"unknown":1}""";
        Assert.Empty(lenient.ValidateRequest("POST", "/collections/c/points/query", body));
        Assert.NotEmpty(V.ValidateRequest("POST", "/collections/c/points/query", body));
    }

    [Fact]
    public void Unknown_operation_is_an_error_not_a_pass() =>
        Assert.Throws<KeyNotFoundException>(() => V.ValidateRequest("POST", "/collections/c/points/search", "{}"));
}
