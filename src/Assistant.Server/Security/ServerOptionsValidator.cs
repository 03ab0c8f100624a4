using Assistant.Core.KnowledgeBases;
using Microsoft.Extensions.Options;

namespace Assistant.Server.Security;

/// <summary>Checks the Server section at start, with messages that say which setting to fix and how.</summary>
public sealed class ServerOptionsValidator(IConfiguration configuration) : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var bases = KnowledgeBaseRegistry.ReadNames(configuration);
        List<string> failures = [];
        foreach (var kb in bases.Where(b => !KnowledgeBaseNames.IsValid(b)))
        {
            failures.Add($"KnowledgeBases:{kb}: a knowledge base name has {KnowledgeBaseNames.Describe}");
        }

        foreach (var (keyName, key) in options.ApiKeys)
        {
            var at = $"{ServerOptions.SectionName}:ApiKeys:{keyName}";
            if (ApiKeyHasher.ParseHex(key.Sha256) is null) failures.Add($"{at}:Sha256 must be the 64 hex digits of the key's SHA-256 (make one with 'assistant keys create')");
            if (!ApiKeyRoles.All.Contains(key.Role)) failures.Add($"{at}:Role '{key.Role}' is not one of {string.Join(", ", ApiKeyRoles.All)}");
            if (key.KnowledgeBase is { } kb && !bases.Contains(kb)) failures.Add($"{at}:KnowledgeBase '{kb}' is not configured (known: {string.Join(", ", bases)}); add KnowledgeBases:{kb}");
            if (key.Role == ApiKeyRoles.Widget && key.AllowedOrigins.Count == 0) failures.Add($"{at}:AllowedOrigins: a widget key needs the origins of the pages that embed it");
        }

        foreach (var (kb, link) in options.SourceLinks)
        {
            var at = $"{ServerOptions.SectionName}:SourceLinks:{kb}";
            if (!bases.Contains(kb)) failures.Add($"{at}: knowledge base '{kb}' is not configured (known: {string.Join(", ", bases)})");
            if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                failures.Add($"{at}: '{link}' is not an absolute http(s) address like https://help.example.com/docs/");
            }
        }

        if (options.RateLimit.PermitsPerMinute < 1 || options.RateLimit.WidgetPermitsPerMinute < 1 || options.RateLimit.AnonymousPermitsPerMinute < 1)
        {
            failures.Add($"{ServerOptions.SectionName}:RateLimit: permits per minute must be at least 1");
        }

        if (options.Limits.MaxRequestBodyBytes < 1 || options.Limits.MaxUploadBytes < 1 || options.Limits.MaxUploadFiles < 1 || options.Limits.MaxMessageChars < 1)
        {
            failures.Add($"{ServerOptions.SectionName}:Limits: every limit must be at least 1");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
