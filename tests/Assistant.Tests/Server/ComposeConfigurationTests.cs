using System.Collections;
using System.Text.RegularExpressions;
using Assistant.Core.Ingestion;
using Assistant.Core.Ingestion.Chunking;
using Assistant.Core.KnowledgeBases;
using Assistant.Core.Models;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage;
using Assistant.Core.Storage.Qdrant;
using Assistant.Server;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Assistant.Tests.Server;

/// <summary>
/// No Docker engine runs here, so what compose would hand the app is checked instead: every ASSISTANT_* variable
/// names a real setting (and a shipped profile), the settings load through the real server composition and pass its
/// validation, and every `assistant` command in the compose file and the README exists in the CLI's parser.
/// </summary>
public sealed class ComposeConfigurationTests
{
    private static readonly string ComposePath = Path.Combine(RepoPaths.Root, "docker-compose.yml");

    /// <summary>Top-level settings sections and the options type each binds to (root keys bind to StoreOptions).</summary>
    private static readonly Dictionary<string, Type> Sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [ModelsOptions.SectionName] = typeof(ModelsOptions),
        [QdrantOptions.SectionName] = typeof(QdrantOptions),
        [ServerOptions.SectionName] = typeof(ServerOptions),
        [KnowledgeBaseOptions.SectionName] = typeof(Dictionary<string, KnowledgeBaseOptions>),
        [IngestionOptions.SectionName] = typeof(IngestionOptions),
        [ChunkingOptions.SectionName] = typeof(ChunkingOptions),
        [RetrievalOptions.SectionName] = typeof(RetrievalOptions),
    };

    private static Dictionary<string, object> Map(object node) => Assert.IsType<Dictionary<string, object>>(node);

    private static Dictionary<string, object> Services => Map(Map(MiniYaml.Parse(File.ReadAllText(ComposePath)))["services"]);

    private static Dictionary<string, string?> AssistantSettings() =>
        Map(Map(Services["assistant"])["environment"])
            .Where(e => e.Key.StartsWith("ASSISTANT_", StringComparison.Ordinal))
            .ToDictionary(e => e.Key["ASSISTANT_".Length..].Replace("__", ":"), e => (string?)e.Value);

    [Fact]
    public void Every_ASSISTANT_variable_binds_to_a_real_setting_and_profile()
    {
        var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepoPaths.Root, "appsettings.json")).Build();
        var profiles = shipped.GetSection("Models:Profiles").GetChildren().Select(p => p.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var settings = AssistantSettings();
        Assert.NotEmpty(settings);
        foreach (var key in settings.Keys)
        {
            var segments = key.Split(':');
            Assert.True(Resolve(segments) is null, $"{key}: {Resolve(segments)}");
            if (segments is ["Models", "Profiles", var profile, ..]) Assert.True(profiles.Contains(profile), $"{key}: no shipped profile '{profile}' (known: {string.Join(", ", profiles)})");
        }

        foreach (var key in new[] { "Models:DefaultChat", "Models:DefaultEmbedding" })
        {
            Assert.True(settings.TryGetValue(key, out var profile) && profiles.Contains(profile!), $"{key} must name a shipped profile");
        }
    }

    [Fact]
    public void The_settings_load_through_the_server_composition_and_pass_validation()
    {
        using var data = new TempDir();
        var settings = AssistantSettings();
        settings["DataDirectory"] = data.Path; // the container's /data/index
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoPaths.Root, "appsettings.json"))
            .AddJsonFile(Path.Combine(RepoPaths.Root, "deploy", "server.json"))
            .AddInMemoryCollection(settings)
            .Build();
        var app = ServerApp.Build([], configuration);
        var services = app.Services;

        var models = services.GetRequiredService<IOptions<ModelsOptions>>().Value; // runs ModelsOptionsValidator
        Assert.Equal("http://ollama:11434", models.Profiles[models.DefaultChat!].Endpoint);
        Assert.Equal("http://ollama:11434", models.Profiles[models.DefaultEmbedding!].Endpoint);
        Assert.Equal(ModelKind.Embedding, models.Profiles[models.DefaultEmbedding!].Kind);
        Assert.Equal(VectorStoreKind.Qdrant, services.GetRequiredService<IOptions<StoreOptions>>().Value.VectorStore);
        var qdrant = services.GetRequiredService<IOptions<QdrantOptions>>().Value;
        Assert.Equal(("http://qdrant:6333", "http://qdrant:6334"), (qdrant.Url, qdrant.GrpcUrl));
        _ = services.GetRequiredService<IOptions<ServerOptions>>().Value; // deploy/server.json is valid as shipped
    }

    [Fact]
    public void Compose_wires_health_checks_volumes_and_the_served_port()
    {
        var root = Map(MiniYaml.Parse(File.ReadAllText(ComposePath)));
        var volumes = Map(root["volumes"]);
        foreach (var (name, node) in Services)
        {
            var service = Map(node);
            if (name != "ollama-pull") Assert.True(service.ContainsKey("healthcheck"), $"{name} has no healthcheck");
            foreach (var mount in service.TryGetValue("volumes", out var v) ? (List<object>)v : [])
            {
                var source = ((string)mount).Split(':')[0];
                Assert.True(source.StartsWith('.') ? Path.Exists(Path.Combine(RepoPaths.Root, source)) : volumes.ContainsKey(source), $"{name}: volume source '{source}' does not exist");
            }
        }

        var assistant = Map(Services["assistant"]);
        Assert.Equal(["serve", "--urls", "http://0.0.0.0:8080", "--config", "/config/server.json"], ((List<object>)assistant["command"]).Cast<string>());
        Assert.Contains("8080:8080", (List<object>)assistant["ports"]);
        Assert.Contains("/readyz", string.Join(" ", ((List<object>)Map(assistant["healthcheck"])["test"]).Cast<string>()));
        var dependsOn = Map(assistant["depends_on"]);
        Assert.Equal("service_healthy", Map(dependsOn["qdrant"])["condition"]);
        Assert.Equal("service_completed_successfully", Map(dependsOn["ollama-pull"])["condition"]);

        // The pull service fetches exactly the models the default profiles name.
        var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepoPaths.Root, "appsettings.json")).Build();
        var pull = string.Join(" ", ((List<object>)Map(Services["ollama-pull"])["entrypoint"]).Cast<string>());
        var settings = AssistantSettings();
        foreach (var key in new[] { "Models:DefaultChat", "Models:DefaultEmbedding" })
        {
            Assert.Contains($"ollama pull {shipped[$"Models:Profiles:{settings[key]}:Model"]}", pull);
        }
    }

    [Fact]
    public async Task Every_assistant_command_in_compose_and_readme_exists_in_the_cli()
    {
        var compose = File.ReadAllText(ComposePath);
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var used = new List<(string Where, string[] Words)>();
        foreach (Match m in Regex.Matches(compose, @"docker compose (?:run --rm|exec) assistant (?:assistant )?([^\r\n]+)")) used.Add(("docker-compose.yml", Words(m.Groups[1].Value)));
        used.Add(("docker-compose.yml command", [.. ((List<object>)Map(Services["assistant"])["command"]).Cast<string>()]));
        foreach (Match m in Regex.Matches(readme, @"`assistant ([^`]+)`")) used.Add(("README.md", Words(m.Groups[1].Value)));
        foreach (Match m in Regex.Matches(readme, @"^\s*(?:\$ )?assistant ([^\r\n]+)$", RegexOptions.Multiline)) used.Add(("README.md", Words(m.Groups[1].Value)));
        Assert.Contains(used, u => u.Words is ["serve", ..]);
        Assert.Contains(used, u => u.Words is ["keys", "create", ..]);

        var root = await SubcommandsAsync([]);
        foreach (var (where, words) in used)
        {
            Assert.True(root.Contains(words[0]), $"{where}: 'assistant {string.Join(' ', words)}': no command '{words[0]}' (commands: {string.Join(", ", root)})");
            var children = await SubcommandsAsync([words[0]]);
            if (children.Count > 0 && words.Length > 1 && !words[1].StartsWith('-'))
            {
                Assert.True(children.Contains(words[1]), $"{where}: 'assistant {string.Join(' ', words)}': no '{words[0]} {words[1]}' (has: {string.Join(", ", children)})");
            }
        }
    }

    /// <summary>Null when the path binds to a settable scalar, else why not.</summary>
    private static string? Resolve(string[] segments)
    {
        Type type;
        var i = 1;
        if (Sections.TryGetValue(segments[0], out var section)) type = section;
        else if (typeof(StoreOptions).GetProperty(segments[0]) is { CanWrite: true } && segments.Length == 1) return null;
        else return $"no settings section or root setting '{segments[0]}'";

        for (; i < segments.Length; i++)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>)) type = type.GetGenericArguments()[1];
            else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
            {
                if (!int.TryParse(segments[i], out _)) return $"'{segments[i]}' is not a list index";
                type = type.GetGenericArguments()[0];
            }
            else if (type.GetProperties().FirstOrDefault(p => p.CanWrite && string.Equals(p.Name, segments[i], StringComparison.OrdinalIgnoreCase)) is { } property) type = property.PropertyType;
            else return $"{type.Name} has no setting '{segments[i]}'";
        }

        var leaf = Nullable.GetUnderlyingType(type) ?? type;
        return leaf == typeof(string) || leaf.IsPrimitive || leaf.IsEnum || leaf == typeof(decimal) || !typeof(IEnumerable).IsAssignableFrom(leaf) && !leaf.IsClass
            ? null
            : $"'{string.Join(':', segments)}' is a section ({leaf.Name}), not a value";
    }

    private static string[] Words(string args) => args.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static readonly Dictionary<string, HashSet<string>> HelpCache = [];

    /// <summary>The subcommands the real CLI lists under "Commands:" in its help for <paramref name="path"/>.</summary>
    private static async Task<HashSet<string>> SubcommandsAsync(string[] path)
    {
        var key = string.Join(' ', path);
        if (HelpCache.TryGetValue(key, out var cached)) return cached;
        var result = await CliProcess.RunAsync(RepoPaths.Root, null, [.. path, "--help"]);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var inCommands = false;
        foreach (var line in result.StdOut.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.TrimEnd() == "Commands:") inCommands = true;
            else if (inCommands && line.StartsWith("  ", StringComparison.Ordinal) && line.Trim().Length > 0) names.Add(line.Trim().Split(' ')[0]);
            else if (inCommands && line.Trim().Length == 0) inCommands = false;
        }

        return HelpCache[key] = names;
    }
}
