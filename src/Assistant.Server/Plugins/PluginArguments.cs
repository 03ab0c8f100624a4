using System.Text.Json;
using Microsoft.SemanticKernel;

namespace Assistant.Server.Plugins;

/// <summary>Turns a JSON object body into a function's arguments, naming the argument at fault when one does not fit.</summary>
internal static class PluginArguments
{
    public sealed record Failure(string Argument, string Message);

    public static (KernelArguments? Arguments, Failure? Failure) Bind(KernelFunction function, JsonElement body, JsonSerializerOptions json)
    {
        if (body.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) body = JsonDocument.Parse("{}").RootElement;
        if (body.ValueKind != JsonValueKind.Object) return (null, new Failure("body", "body: send the arguments as one JSON object, e.g. {\"text\": \"...\"}"));

        var parameters = function.Metadata.Parameters;
        foreach (var property in body.EnumerateObject())
        {
            if (!parameters.Any(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase)))
            {
                return (null, new Failure(property.Name, $"{property.Name}: not an argument of {function.PluginName}.{function.Name} (arguments: {string.Join(", ", parameters.Select(p => p.Name))})"));
            }
        }

        var arguments = new KernelArguments();
        foreach (var parameter in parameters)
        {
            var found = body.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
            if (found.Value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            {
                if (parameter.IsRequired) return (null, new Failure(parameter.Name, $"{parameter.Name}: required"));
                continue;
            }

            var type = parameter.ParameterType ?? typeof(string);
            if (type == typeof(string) && found.Value.ValueKind != JsonValueKind.String)
            {
                return (null, new Failure(parameter.Name, $"{parameter.Name}: must be a string"));
            }

            try
            {
                arguments[parameter.Name] = found.Value.Deserialize(type, json);
            }
            catch (JsonException)
            {
                return (null, new Failure(parameter.Name, $"{parameter.Name}: expected {Describe(type)}"));
            }
        }

        return (arguments, null);
    }

    /// <summary>Every string in the arguments (lists of strings included), for the message length limit.</summary>
    public static IEnumerable<(string Argument, string Text)> Texts(KernelArguments arguments)
    {
        foreach (var (name, value) in arguments)
        {
            if (value is string s) yield return (name, s);
            else if (value is IEnumerable<string> many)
            {
                var i = 0;
                foreach (var item in many) yield return ($"{name}[{i++}]", item);
            }
        }
    }

    private static string Describe(Type type) =>
        type == typeof(string) ? "a string"
        : typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? "an array"
        : type == typeof(bool) ? "true or false"
        : type.IsPrimitive ? "a number"
        : "an object";
}
