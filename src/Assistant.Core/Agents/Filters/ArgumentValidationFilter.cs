using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.SemanticKernel;
using SkFunctionInvocationContext = Microsoft.SemanticKernel.FunctionInvocationContext;

namespace Assistant.Core.Agents.Filters;

/// <summary>
/// Checks a tool call's arguments against the function's own declaration before it runs: no unknown names, every
/// required one present, each convertible to its parameter's type (or its JSON schema type, for remote tools), within
/// the validation attributes on the parameter (<c>[Range]</c>, <c>[StringLength]</c>, <c>[AllowedValues]</c>), and no
/// string longer than the turn's limit. An invalid call gets an error result naming the argument and does not run.
/// </summary>
internal sealed class ArgumentValidationFilter(AgentTurn turn) : IFunctionInvocationFilter
{
    public async Task OnFunctionInvocationAsync(SkFunctionInvocationContext context, Func<SkFunctionInvocationContext, Task> next)
    {
        if (Validate(context.Function, context.Arguments, turn.MaxArgumentChars) is { } problem)
        {
            turn.Refused(context.Function, context.Arguments, problem);
            context.Result = new FunctionResult(context.Function, $"Error: invalid arguments for {context.Function.Name}: {problem}. The tool did not run; call it again with valid arguments.");
            return;
        }

        await next(context);
    }

    /// <returns>Null when the arguments are valid, else what is wrong, naming the argument.</returns>
    internal static string? Validate(KernelFunction function, KernelArguments arguments, int maxChars)
    {
        var parameters = function.Metadata.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var name in arguments.Names)
        {
            if (!parameters.ContainsKey(name)) return $"unknown argument '{name}' (expected {string.Join(", ", parameters.Keys.Select(k => $"'{k}'"))})";
        }

        var methodParameters = function.UnderlyingMethod?.GetParameters().ToDictionary(p => p.Name ?? string.Empty, StringComparer.Ordinal) ?? [];
        foreach (var parameter in function.Metadata.Parameters)
        {
            if (!arguments.TryGetValue(parameter.Name, out var raw) || raw is null || raw is JsonElement { ValueKind: JsonValueKind.Null })
            {
                if (parameter.IsRequired) return $"argument '{parameter.Name}' is required";
                continue;
            }

            if (Text(raw) is { } text && text.Length > maxChars) return $"argument '{parameter.Name}' is longer than {maxChars} characters";

            var type = parameter.ParameterType;
            if (type is null)
            {
                if (SchemaMismatch(parameter, raw) is { } schemaProblem) return schemaProblem;
                continue;
            }

            if (!TryConvert(raw, type, out var value)) return $"argument '{parameter.Name}' must be {Describe(type)}";
            if (methodParameters.TryGetValue(parameter.Name, out var info))
            {
                foreach (var rule in info.GetCustomAttributes<ValidationAttribute>())
                {
                    if (!rule.IsValid(value)) return $"argument '{parameter.Name}': {rule.FormatErrorMessage(parameter.Name)}";
                }
            }
        }

        return null;
    }

    private static string? Text(object raw) => raw switch
    {
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        JsonElement e => e.GetRawText(),
        _ => null,
    };

    private static bool TryConvert(object raw, Type type, out object? value)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        value = null;
        try
        {
            if (target.IsInstanceOfType(raw))
            {
                value = raw;
                return true;
            }

            if (raw is JsonElement element)
            {
                // A number sent as a string ("5") is what models often do, and SK accepts it: so do we.
                if (element.ValueKind == JsonValueKind.String && target != typeof(string)) return TryConvert(element.GetString()!, target, out value);
                if (element.ValueKind == JsonValueKind.String != (target == typeof(string))) return false;
                value = element.Deserialize(target);
                return true;
            }

            if (raw is string s)
            {
                var converter = TypeDescriptor.GetConverter(target);
                if (!converter.CanConvertFrom(typeof(string))) return false;
                value = converter.ConvertFromInvariantString(s);
                return true;
            }

            value = Convert.ChangeType(raw, target, CultureInfo.InvariantCulture);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidCastException or OverflowException or NotSupportedException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>For tools known only by their JSON schema (MCP): the basic JSON type must match.</summary>
    private static string? SchemaMismatch(KernelParameterMetadata parameter, object raw)
    {
        if (parameter.Schema is not { } schema || !schema.RootElement.TryGetProperty("type", out var typeNode) || typeNode.ValueKind != JsonValueKind.String) return null;
        var kind = raw is JsonElement e ? e.ValueKind : JsonSerializer.SerializeToElement(raw).ValueKind;
        var ok = typeNode.GetString() switch
        {
            "string" => kind == JsonValueKind.String,
            "integer" => kind == JsonValueKind.Number && (raw is not JsonElement n || n.TryGetInt64(out _)),
            "number" => kind == JsonValueKind.Number,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "array" => kind == JsonValueKind.Array,
            "object" => kind == JsonValueKind.Object,
            _ => true,
        };
        return ok ? null : $"argument '{parameter.Name}' must be of JSON type {typeNode.GetString()}";
    }

    private static string Describe(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(int) || t == typeof(long) || t == typeof(short) ? "a whole number"
            : t == typeof(double) || t == typeof(float) || t == typeof(decimal) ? "a number"
            : t == typeof(bool) ? "true or false"
            : t == typeof(string) ? "a string"
            : t.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(t))
            : "a " + t.Name;
    }
}
