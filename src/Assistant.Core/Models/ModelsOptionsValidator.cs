using Microsoft.Extensions.Options;

namespace Assistant.Core.Models;

/// <summary>Checks the Models section and says how to fix each problem (unknown provider, missing fallback, cycles).</summary>
public sealed class ModelsOptionsValidator : IValidateOptions<ModelsOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelsOptions options)
    {
        var errors = new List<string>();
        var names = string.Join(", ", options.Profiles.Keys);
        CheckDefault(options, options.DefaultChat, "DefaultChat", ModelKind.Chat, names, errors);
        CheckDefault(options, options.DefaultEmbedding, "DefaultEmbedding", ModelKind.Embedding, names, errors);

        foreach (var (profileName, p) in options.Profiles)
        {
            var at = $"Models:Profiles:{profileName}";
            if (!ModelProviders.IsKnown(p.Provider))
            {
                errors.Add($"{at}:Provider '{p.Provider}' is not known. Use one of: {ModelProviders.KnownList}.");
            }
            else if (string.IsNullOrWhiteSpace(p.Endpoint) && ModelProviders.DefaultEndpoint(p.Provider) is null)
            {
                errors.Add($"{at}:Endpoint is required for provider '{p.Provider}' (e.g. https://<resource>.openai.azure.com/openai/v1/ or http://localhost:8000/v1/).");
            }

            if (string.IsNullOrWhiteSpace(p.Model))
            {
                errors.Add($"{at}:Model is required (e.g. \"llama3.1\" or \"gpt-4o-mini\").");
            }

            if (!string.IsNullOrWhiteSpace(p.Endpoint) && !Uri.TryCreate(p.Endpoint, UriKind.Absolute, out _))
            {
                errors.Add($"{at}:Endpoint '{p.Endpoint}' is not an absolute URL.");
            }

            if (p.ApiKeyEnv is { Length: > 40 } || (p.ApiKeyEnv?.StartsWith("sk-", StringComparison.Ordinal) ?? false))
            {
                // Someone pasted the key itself; do not echo it back.
                errors.Add($"{at}:ApiKeyEnv must be the NAME of an environment variable (like OPENAI_API_KEY), not the key itself.");
            }

            if (p.TimeoutSeconds <= 0)
            {
                errors.Add($"{at}:TimeoutSeconds must be positive (got {p.TimeoutSeconds}).");
            }

            if (p.FirstTokenTimeoutSeconds <= 0)
            {
                errors.Add($"{at}:FirstTokenTimeoutSeconds must be positive (got {p.FirstTokenTimeoutSeconds}).");
            }

            if (p.ConnectTimeoutSeconds <= 0)
            {
                errors.Add($"{at}:ConnectTimeoutSeconds must be positive (got {p.ConnectTimeoutSeconds}).");
            }

            if (p.MaxRetries is < 0 or > 10)
            {
                errors.Add($"{at}:MaxRetries must be between 0 and 10 (got {p.MaxRetries}).");
            }

            if (!string.IsNullOrWhiteSpace(p.Fallback) && !options.TryGetProfile(p.Fallback, out _))
            {
                errors.Add($"{at}:Fallback names profile '{p.Fallback}', which does not exist. Known profiles: {names}.");
            }
        }

        errors.AddRange(FindCycles(options));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckDefault(ModelsOptions options, string? value, string key, ModelKind kind, string names, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        if (!options.TryGetProfile(value, out var profile))
        {
            errors.Add($"Models:{key} names profile '{value}', which does not exist. Known profiles: {names}.");
        }
        else if (profile.Kind != kind)
        {
            errors.Add($"Models:{key} names profile '{value}', which is a {profile.Kind} profile; pick a {kind} profile.");
        }
    }

    private static IEnumerable<string> FindCycles(ModelsOptions options)
    {
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var start in options.Profiles.Keys)
        {
            var path = new List<string> { start };
            var current = start;
            while (options.TryGetProfile(current, out var p) && !string.IsNullOrWhiteSpace(p.Fallback) && options.TryGetProfile(p.Fallback, out _))
            {
                var next = options.Profiles.Keys.First(k => string.Equals(k, p.Fallback, StringComparison.OrdinalIgnoreCase));
                var seenAt = path.FindIndex(x => string.Equals(x, next, StringComparison.OrdinalIgnoreCase));
                if (seenAt >= 0)
                {
                    var cycle = path.Skip(seenAt).Append(next).ToList();
                    if (reported.Add(string.Join(">", cycle.Skip(1).Order(StringComparer.OrdinalIgnoreCase))))
                    {
                        yield return $"Models:Profiles fallback cycle: {string.Join(" -> ", cycle)}. Remove one Fallback so the chain ends.";
                    }

                    break;
                }

                path.Add(next);
                current = next;
            }
        }
    }
}
