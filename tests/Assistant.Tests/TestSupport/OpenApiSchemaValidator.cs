using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Assistant.Tests.TestSupport;

/// <summary>
/// Validates JSON against the OpenAPI 3.0 schema subset that Qdrant's spec uses: $ref to #/components/schemas,
/// type with nullable, properties, required, additionalProperties, items, anyOf/oneOf/allOf, enum, minimum/maximum,
/// minLength, minItems, uniqueItems and the uint/uint8/uint32/uint64/int64/float/double/uuid formats.
/// Errors carry a JSON path ("$.points[0].vector").
/// Two readings are deliberate: a schema that is only <c>{"nullable": true}</c> (how Qdrant's generator spells
/// "or null" inside anyOf) accepts null only, not anything; and with <c>Strict</c> an object schema that lists
/// properties rejects unlisted ones, so a misspelt field fails the test instead of being silently ignored.
/// </summary>
public sealed partial class OpenApiSchemaValidator
{
    private static readonly HashSet<string> Annotations = ["description", "default", "example", "title", "deprecated"];
    private readonly JsonNode _spec;

    public OpenApiSchemaValidator(JsonNode spec, bool strict = true)
    {
        _spec = spec;
        Strict = strict;
    }

    public bool Strict { get; }

    public static OpenApiSchemaValidator Load(string path, bool strict = true) =>
        new(JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException(path + " is empty"), strict);

    public JsonNode Component(string name) =>
        _spec["components"]?["schemas"]?[name] ?? throw new KeyNotFoundException($"No schema '{name}' in components.schemas.");

    /// <summary>The requestBody schema of the operation matching <paramref name="requestPath"/>, null when it takes no body.</summary>
    public JsonNode? RequestSchema(string method, string requestPath) =>
        Operation(method, requestPath)["requestBody"]?["content"]?["application/json"]?["schema"];

    private JsonNode Operation(string method, string requestPath)
    {
        var segments = requestPath.Split('?')[0].Trim('/').Split('/');
        var template = (_spec["paths"] as JsonObject ?? [])
            .Where(p => p.Value?[method.ToLowerInvariant()] is not null)
            .Select(p => (Path: p.Key, Parts: p.Key.Trim('/').Split('/')))
            .Where(p => p.Parts.Length == segments.Length
                && p.Parts.Zip(segments).All(x => x.First.StartsWith('{') || x.First == Uri.UnescapeDataString(x.Second)))
            .OrderBy(p => p.Parts.Count(x => x.StartsWith('{')))
            .Select(p => p.Path)
            .FirstOrDefault()
            ?? throw new KeyNotFoundException($"The spec has no operation {method} {requestPath}.");
        return _spec["paths"]![template]![method.ToLowerInvariant()]!;
    }

    /// <summary>The schema of the 200 response's "application/json" content for the matching operation.</summary>
    public JsonNode? ResponseSchema(string method, string requestPath)
    {
        var operation = Operation(method, requestPath);
        return operation["responses"]?["200"]?["content"]?["application/json"]?["schema"];
    }

    /// <summary>Errors for a request body; an operation without a requestBody must have an empty body.</summary>
    public IReadOnlyList<string> ValidateRequest(string method, string requestPath, string body)
    {
        var schema = RequestSchema(method, requestPath);
        if (schema is null)
        {
            return string.IsNullOrEmpty(body) ? [] : [$"$: {method} {requestPath} takes no body, got {body.Length} chars"];
        }

        JsonNode? instance;
        try
        {
            instance = JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            return [$"$: body is not JSON: {ex.Message}"];
        }

        return Validate(instance, schema);
    }

    public IReadOnlyList<string> Validate(JsonNode? instance, JsonNode schema)
    {
        var errors = new List<string>();
        Check(instance, schema, "$", errors);
        return errors;
    }

    private void Check(JsonNode? value, JsonNode schema, string path, List<string> errors)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            const string prefix = "#/components/schemas/";
            if (!reference.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new NotSupportedException($"Unsupported $ref '{reference}' at {path}.");
            }

            Check(value, Component(reference[prefix.Length..]), path, errors);
            return;
        }

        var obj = schema.AsObject();
        var nullable = obj["nullable"]?.GetValue<bool>() == true;
        if (nullable && obj.All(kv => kv.Key == "nullable" || Annotations.Contains(kv.Key)))
        {
            if (value is not null)
            {
                errors.Add($"{path}: expected null");
            }

            return;
        }

        if (value is null && nullable)
        {
            return;
        }

        if (obj["anyOf"] is JsonArray anyOf)
        {
            var failures = anyOf.Select(b => Errors(value, b!, path)).ToList();
            if (failures.All(f => f.Count > 0))
            {
                errors.Add($"{path}: matches none of {anyOf.Count} anyOf branches; closest: {string.Join("; ", failures.MinBy(f => f.Count)!)}");
            }
        }

        if (obj["oneOf"] is JsonArray oneOf)
        {
            var matching = oneOf.Count(b => Errors(value, b!, path).Count == 0);
            if (matching != 1)
            {
                errors.Add($"{path}: matches {matching} of the oneOf branches, expected exactly 1");
            }
        }

        if (obj["allOf"] is JsonArray allOf)
        {
            foreach (var branch in allOf)
            {
                Check(value, branch!, path, errors);
            }
        }

        if (obj["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(o, value)))
        {
            errors.Add($"{path}: {Show(value)} is not one of [{string.Join(", ", options.Select(Show))}]");
        }

        var type = obj["type"]?.GetValue<string>();
        if (value is null)
        {
            if (type is not null)
            {
                errors.Add($"{path}: null is not allowed (expected {type})");
            }

            return;
        }

        var kind = value.GetValueKind();
        switch (type)
        {
            case "object" when kind != JsonValueKind.Object:
            case "array" when kind != JsonValueKind.Array:
            case "string" when kind != JsonValueKind.String:
            case "boolean" when kind is not (JsonValueKind.True or JsonValueKind.False):
            case "number" or "integer" when kind != JsonValueKind.Number:
                errors.Add($"{path}: expected {type}, got {kind.ToString().ToLowerInvariant()} {Show(value)}");
                return;
        }

        switch (kind)
        {
            case JsonValueKind.Object:
                CheckObject(value.AsObject(), obj, path, errors);
                break;
            case JsonValueKind.Array:
                CheckArray(value.AsArray(), obj, path, errors);
                break;
            case JsonValueKind.String:
                CheckString(value.GetValue<string>(), obj, path, errors);
                break;
            case JsonValueKind.Number:
                CheckNumber(value, type, obj, path, errors);
                break;
        }
    }

    private List<string> Errors(JsonNode? value, JsonNode schema, string path)
    {
        var errors = new List<string>();
        Check(value, schema, path, errors);
        return errors;
    }

    private void CheckObject(JsonObject value, JsonObject schema, string path, List<string> errors)
    {
        foreach (var name in schema["required"] as JsonArray ?? [])
        {
            if (!value.ContainsKey(name!.GetValue<string>()))
            {
                errors.Add($"{path}: missing required property '{name}'");
            }
        }

        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"];
        foreach (var (key, child) in value)
        {
            var childPath = $"{path}.{key}";
            if (properties?[key] is { } propertySchema)
            {
                Check(child, propertySchema, childPath, errors);
            }
            else if (additional is JsonObject additionalSchema)
            {
                Check(child, additionalSchema, childPath, errors);
            }
            else if (additional?.GetValueKind() == JsonValueKind.False || (additional is null && Strict && properties is not null))
            {
                errors.Add($"{childPath}: property '{key}' is not allowed here");
            }
        }
    }

    private void CheckArray(JsonArray value, JsonObject schema, string path, List<string> errors)
    {
        if (schema["minItems"]?.GetValue<int>() is { } minItems && value.Count < minItems)
        {
            errors.Add($"{path}: {value.Count} items, expected at least {minItems}");
        }

        if (schema["uniqueItems"]?.GetValue<bool>() == true
            && value.Select(v => v?.ToJsonString() ?? "null").Distinct().Count() != value.Count)
        {
            errors.Add($"{path}: items must be unique");
        }

        if (schema["items"] is { } items)
        {
            for (var i = 0; i < value.Count; i++)
            {
                Check(value[i], items, $"{path}[{i}]", errors);
            }
        }
    }

    private static void CheckString(string value, JsonObject schema, string path, List<string> errors)
    {
        if (schema["minLength"]?.GetValue<int>() is { } minLength && value.Length < minLength)
        {
            errors.Add($"{path}: string shorter than {minLength}");
        }

        if (schema["format"]?.GetValue<string>() == "uuid" && !UuidPattern().IsMatch(value))
        {
            errors.Add($"{path}: '{value}' is not a UUID");
        }
    }

    private static void CheckNumber(JsonNode value, string? type, JsonObject schema, string path, List<string> errors)
    {
        var number = decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        var format = schema["format"]?.GetValue<string>();
        var integral = number == decimal.Truncate(number);
        if ((type == "integer" || format is "uint" or "uint8" or "uint32" or "uint64" or "int64") && !integral)
        {
            errors.Add($"{path}: expected an integer, got {number}");
        }

        decimal? formatMax = format switch { "uint8" => byte.MaxValue, "uint32" => uint.MaxValue, "uint64" or "uint" => ulong.MaxValue, _ => null };
        if (format is "uint" or "uint8" or "uint32" or "uint64" && number < 0)
        {
            errors.Add($"{path}: {format} must not be negative, got {number}");
        }

        if (formatMax is { } max && number > max)
        {
            errors.Add($"{path}: {number} exceeds {format}");
        }

        if (schema["minimum"] is { } minimum && number < minimum.GetValue<decimal>())
        {
            errors.Add($"{path}: {number} is below the minimum {minimum}");
        }

        if (schema["maximum"] is { } maximum && number > maximum.GetValue<decimal>())
        {
            errors.Add($"{path}: {number} is above the maximum {maximum}");
        }
    }

    private static string Show(JsonNode? node) => node?.ToJsonString() is { Length: > 60 } s ? s[..60] + "…" : node?.ToJsonString() ?? "null";

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex UuidPattern();
}
