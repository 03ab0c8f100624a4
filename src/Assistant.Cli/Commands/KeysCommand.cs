using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assistant.Core.KnowledgeBases;
using Assistant.Server;
using Assistant.Server.Security;

namespace Assistant.Cli.Commands;

/// <summary>`assistant keys create`: a new random API key, printed once, and the settings that make the server accept it.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "A name for the key (shown in logs and rate-limit partitions), e.g. website or ops." };
        var role = new Option<string>("--role") { Description = "client (chat, search, plugins), widget (chat from its origins only) or admin (also documents).", Required = true };
        role.AcceptOnlyFromAmong([.. ApiKeyRoles.All]);
        var kb = new Option<string?>("--kb") { Description = "Knowledge base the key works on (default: default)." };
        var origins = new Option<string[]>("--origin") { Description = "Widget keys: a page origin allowed to use the key (repeatable), e.g. https://shop.example.com." };
        var create = new Command("create", "Make a new key: prints the key once (only its SHA-256 is stored) and the JSON to add to appsettings.json.") { name, role, kb, origins };
        create.SetAction(parse =>
        {
            var keyName = parse.GetValue(name)!;
            if (keyName.Length is 0 or > 64 || keyName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            {
                throw new UsageException($"name '{keyName}': use letters, digits, '-' and '_' (at most 64)");
            }

            var knowledgeBase = parse.GetValue(kb);
            if (knowledgeBase is not null && !KnowledgeBaseNames.IsValid(knowledgeBase))
            {
                throw new UsageException($"--kb {knowledgeBase}: a knowledge base name has {KnowledgeBaseNames.Describe}");
            }

            var roleName = parse.GetValue(role)!;
            var allowed = parse.GetValue(origins) ?? [];
            if (roleName == ApiKeyRoles.Widget && allowed.Length == 0) throw new UsageException("--role widget needs at least one --origin (the pages that embed the widget)");
            if (roleName != ApiKeyRoles.Widget && allowed.Length > 0) throw new UsageException("--origin is for widget keys only");

            var key = ApiKeyHasher.NewKey();
            var entry = new JsonObject { ["Sha256"] = ApiKeyHasher.HashHex(key), ["Role"] = roleName };
            if (knowledgeBase is not null) entry["KnowledgeBase"] = knowledgeBase;
            if (allowed.Length > 0) entry["AllowedOrigins"] = new JsonArray([.. allowed.Select(o => JsonValue.Create(o))]);
            var settings = new JsonObject { [ServerOptions.SectionName] = new JsonObject { ["ApiKeys"] = new JsonObject { [keyName] = entry } } };

            Console.Error.WriteLine("The key (shown only now; the server stores only its SHA-256):");
            Console.WriteLine(key);
            Console.Error.WriteLine();
            Console.Error.WriteLine("Add to appsettings.json (merge into an existing \"Server\" section):");
            Console.Error.WriteLine(settings.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            if (knowledgeBase is not null && knowledgeBase != KnowledgeBaseNames.Default)
            {
                Console.Error.WriteLine($"and, if it is not there yet, the knowledge base: \"KnowledgeBases\": {{ \"{knowledgeBase}\": {{}} }}");
            }

            return CliRunner.Success;
        });
        return new Command("keys", "API keys for the server ('assistant serve').") { create };
    }
}
