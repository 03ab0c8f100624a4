using System.Diagnostics;
using System.Text.RegularExpressions;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Storage.Qdrant;

/// <summary>
/// No Docker engine or compose plugin is available in CI, so the compose file is parsed with MiniYaml and checked
/// structurally; where `docker compose` exists, its own `config` validation runs as well.
/// </summary>
public sealed class DockerComposeTests
{
    private static string ComposePath => Path.Combine(RepoPaths.Root, "docker-compose.yml");

    private static Dictionary<string, object> Map(object node, string what) =>
        node as Dictionary<string, object> ?? throw new Xunit.Sdk.XunitException(what + " is not a mapping");

    [Fact]
    public void Compose_file_declares_qdrant_ollama_and_assistant_wired_together()
    {
        var root = Map(MiniYaml.Parse(File.ReadAllText(ComposePath)), "root");
        var services = Map(root["services"], "services");
        var volumes = Map(root["volumes"], "volumes");

        var qdrant = Map(services["qdrant"], "qdrant");
        Assert.StartsWith("qdrant/qdrant", (string)qdrant["image"]);
        Assert.Contains("6333:6333", (List<object>)qdrant["ports"]);
        Assert.Contains("6334:6334", (List<object>)qdrant["ports"]);
        var ollama = Map(services["ollama"], "ollama");
        Assert.StartsWith("ollama/ollama", (string)ollama["image"]);
        Assert.Contains("11434:11434", (List<object>)ollama["ports"]);

        foreach (var service in services.Values.Select(s => Map(s, "service")))
        {
            foreach (var mount in service.TryGetValue("volumes", out var v) ? (List<object>)v : [])
            {
                var source = ((string)mount).Split(':')[0];
                Assert.True(source.StartsWith('.') || volumes.ContainsKey(source), $"volume '{source}' is not declared under top-level volumes");
            }
        }

        var assistant = Map(services["assistant"], "assistant");
        var build = Map(assistant["build"], "build");
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, (string)build["context"], (string)build["dockerfile"])));
        var env = Map(assistant["environment"], "environment");
        Assert.Equal("Qdrant", env["ASSISTANT_VectorStore"]);
        Assert.Equal("http://qdrant:6333", env["ASSISTANT_Qdrant__Url"]);
        Assert.Equal("http://qdrant:6334", env["ASSISTANT_Qdrant__GrpcUrl"]);
        Assert.Equal("http://ollama:11434", env["ASSISTANT_Models__Profiles__ollama-llama__Endpoint"]);
        Assert.Equal("http://ollama:11434", env["ASSISTANT_Models__Profiles__ollama-nomic__Endpoint"]);
        Assert.Equal(["qdrant", "ollama-pull"], Map(assistant["depends_on"], "depends_on").Keys); // Server/ComposeConfigurationTests checks the rest
    }

    [Theory]
    [InlineData("services:\n\tqdrant:\n    image: x\n", "tab")]
    [InlineData("services:\n  qdrant:\n    image: x\n   ports: y\n", "line 4")]
    [InlineData("services:\n  a: 1\n  a: 2\n", "duplicate key")]
    [InlineData("services:\n  a: \"open\n", "unterminated")]
    [InlineData("services: [a, b]\n", "outside the supported")]
    public void MiniYaml_rejects_malformed_yaml(string yaml, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => MiniYaml.Parse(yaml)).Message);

    [Fact]
    public void Dockerfile_copies_existing_paths_and_runs_the_published_cli()
    {
        var dockerfile = File.ReadAllText(Path.Combine(RepoPaths.Root, "Dockerfile"));
        foreach (Match copy in Regex.Matches(dockerfile, @"^COPY (?!--from)(.+) \S+$", RegexOptions.Multiline))
        {
            foreach (var source in copy.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var path = Path.Combine(RepoPaths.Root, source);
                Assert.True(File.Exists(path) || Directory.Exists(path), $"Dockerfile copies '{source}', which does not exist");
            }
        }

        Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", dockerfile);
        // The CLI hosts the server (`assistant serve`), so the ASP.NET Core runtime.
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile);
        Assert.DoesNotContain("poppler", dockerfile); // PDFs are read in process by PdfPig
        Assert.Contains("dotnet publish src/Assistant.Cli/Assistant.Cli.csproj", dockerfile);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"assistant.dll\"]", dockerfile);
        Assert.Contains("<AssemblyName>assistant</AssemblyName>", File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "Assistant.Cli", "Assistant.Cli.csproj")));
    }

    [Fact]
    public void Docker_compose_config_accepts_the_file_when_compose_is_installed()
    {
        if (Run("docker", "compose version") is not (0, _))
        {
            return; // No compose plugin here (checked: `docker compose` is absent in CI); the structural test covers the file.
        }

        var (code, output) = Run("docker", $"compose -f \"{ComposePath}\" config --quiet");
        Assert.True(code == 0, "docker compose config failed:\n" + output);
    }

    private static (int, string) Run(string file, string args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = p.StandardOutput.ReadToEndAsync();
            var error = p.StandardError.ReadToEnd();
            p.WaitForExit(30_000);
            return (p.ExitCode, output.Result + error);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, file + " not found");
        }
    }
}
