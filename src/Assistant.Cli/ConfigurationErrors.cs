using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.FileProviders;

namespace Assistant.Cli;

/// <summary>Settings that cannot be used: one line naming the file or the key (exit 2, like a usage error).</summary>
internal sealed class ConfigurationErrorException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Turns what Microsoft.Extensions.Configuration throws into one readable line: a settings file that is not valid JSON
/// (the file, line and position), and a value the binder cannot convert (the key, the value, and where it was set).
/// </summary>
internal static partial class ConfigurationErrors
{
    private const string BinderAssembly = "Microsoft.Extensions.Configuration.Binder";

    /// <summary>The JSON provider wraps the parser's error twice; the innermost one knows the line and byte.</summary>
    public static ConfigurationErrorException FromLoadFailure(InvalidDataException ex)
    {
        var file = QuotedPath().Match(ex.Message) is { Success: true } m ? m.Groups[1].Value : "a settings file";
        var json = Inner<JsonException>(ex);
        if (json is { LineNumber: { } line })
        {
            // JsonException counts lines and bytes from 0; an editor counts from 1.
            var reason = json.Message.Split(" LineNumber:", 2)[0].Trim().TrimEnd('.');
            return new ConfigurationErrorException($"{file} is not valid JSON (line {line + 1}, position {(json.BytePositionInLine ?? 0) + 1}): {reason}", ex);
        }

        var detail = Inner<FormatException>(ex)?.Message ?? ex.InnerException?.Message ?? ex.Message;
        return new ConfigurationErrorException($"{file} cannot be read as settings: {detail.Trim()}", ex);
    }

    /// <summary>
    /// The binder's "Failed to convert configuration value 'x' at 'A:B' to type 'System.Int32'", as a line that names
    /// the key, the value, the expected kind and, when <paramref name="configuration"/> is known, where the value came from.
    /// </summary>
    public static bool TryFromBindingFailure(Exception ex, IConfiguration? configuration, out ConfigurationErrorException error)
    {
        error = null!;
        if (ex is not InvalidOperationException || !string.Equals(ex.Source, BinderAssembly, StringComparison.Ordinal)) return false;
        if (FailedConversion().Match(ex.Message) is not { Success: true } m)
        {
            error = new ConfigurationErrorException(ex.Message, ex);
            return true;
        }

        var (value, key, type) = (m.Groups["value"].Value, m.Groups["key"].Value, m.Groups["type"].Value);
        var origin = configuration is null ? null : Origin(configuration, key);
        var where = origin is null ? string.Empty : $" (set in {origin})";
        error = new ConfigurationErrorException($"{key} = '{value}' is not {Kind(type)}{where}", ex);
        return true;
    }

    private static string Kind(string type) => type switch
    {
        "System.Int32" or "System.Int64" or "System.Int16" => "a whole number",
        "System.Double" or "System.Single" or "System.Decimal" => "a number",
        "System.Boolean" => "true or false",
        "System.TimeSpan" => "a time span (hh:mm:ss)",
        _ when FindEnum(type) is { } e => $"one of {string.Join(", ", Enum.GetNames(e))}",
        _ => $"a valid {type.Split('.')[^1]}",
    };

    // The binder names the type without its assembly.
    private static Type? FindEnum(string fullName) =>
        AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(fullName, throwOnError: false)).FirstOrDefault(t => t is { IsEnum: true });

    /// <summary>The highest-precedence source holding <paramref name="key"/>: that is the value the binder read.</summary>
    private static string? Origin(IConfiguration configuration, string key)
    {
        if (configuration is not IConfigurationRoot root) return null;
        foreach (var provider in root.Providers.Reverse())
        {
            if (!provider.TryGet(key, out _)) continue;
            return provider switch
            {
                FileConfigurationProvider file when file.Source.FileProvider is PhysicalFileProvider physical && file.Source.Path is { } path
                    => Path.Combine(physical.Root, path),
                FileConfigurationProvider file => file.Source.Path,
                EnvironmentVariablesConfigurationProvider => $"the environment variable ASSISTANT_{key.Replace(":", "__", StringComparison.Ordinal)}",
                _ => null,
            };
        }

        return null;
    }

    private static T? Inner<T>(Exception ex) where T : Exception
    {
        for (var e = ex.InnerException; e is not null; e = e.InnerException)
        {
            if (e is T found) return found;
        }

        return null;
    }

    [GeneratedRegex("'(.+)'")]
    private static partial Regex QuotedPath();

    [GeneratedRegex("^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex FailedConversion();
}
