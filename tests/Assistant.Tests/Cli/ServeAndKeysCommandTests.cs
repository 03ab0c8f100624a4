using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

/// <summary>`assistant keys create` and `assistant serve` as a user runs them: real processes, real HTTP on loopback.</summary>
public sealed class ServeAndKeysCommandTests
{
    [Fact]
    public async Task Keys_create_prints_a_new_key_once_and_settings_holding_only_its_hash()
    {
        using var dir = new TempDir();
        var first = await CliProcess.RunAsync(dir.Path, "keys", "create", "web", "--role", "client", "--kb", "acme");
        var second = await CliProcess.RunAsync(dir.Path, "keys", "create", "web", "--role", "client", "--kb", "acme");
        Assert.True(first.ExitCode == 0, first.ToString());

        var key = first.StdOut.Trim();
        Assert.Matches("^ask_[A-Za-z0-9_-]{43}$", key);
        Assert.NotEqual(key, second.StdOut.Trim());
        var settings = JsonDocument.Parse(SettingsJson(first.StdErr)).RootElement.GetProperty("Server").GetProperty("ApiKeys").GetProperty("web");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), settings.GetProperty("Sha256").GetString());
        Assert.Equal("client", settings.GetProperty("Role").GetString());
        Assert.Equal("acme", settings.GetProperty("KnowledgeBase").GetString());
        Assert.DoesNotContain(key, first.StdErr);
        Assert.Contains("KnowledgeBases", first.StdErr);
    }

    [Theory]
    [InlineData("--role", "root")]
    [InlineData("--role", "widget")]
    [InlineData("--role", "client", "--kb", "Bad Name")]
    [InlineData("--role", "client", "--origin", "https://x.example")]
    public async Task Keys_create_rejects_bad_arguments_with_exit_2(params string[] args)
    {
        using var dir = new TempDir();
        var result = await CliProcess.RunAsync(dir.Path, ["keys", "create", "web", .. args]);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public async Task Serve_accepts_a_key_made_by_keys_create_and_uses_the_cli_settings()
    {
        using var dir = new TempDir();
        var made = await CliProcess.RunAsync(dir.Path, "keys", "create", "ops", "--role", "admin");
        var config = dir.Write("server.json", SettingsJson(made.StdErr));
        var port = FreePort();

        using var server = Process.Start(CliProcess.StartInfo(dir.Path, ["serve", "--urls", $"http://127.0.0.1:{port}", "--config", config, "--data", dir.Combine("index")]))!;
        var stderr = server.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilUpAsync(http, server, stderr);

            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/documents")).StatusCode);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/documents");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", made.StdOut.Trim());
            var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("[]", await response.Content.ReadAsStringAsync());
            Assert.True(File.Exists(dir.Combine("index", "assistant.db")), "--data did not reach the server");
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    /// <summary>The settings block the command prints on stderr: from the first "{" line to its closing "}" line.</summary>
    private static string SettingsJson(string stderr)
    {
        var lines = stderr.ReplaceLineEndings("\n").Split('\n');
        var start = Array.IndexOf(lines, "{");
        var end = Array.IndexOf(lines, "}", start);
        return string.Join('\n', lines[start..(end + 1)]);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilUpAsync(HttpClient http, Process server, Task<string> stderr)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (server.HasExited) throw new Xunit.Sdk.XunitException($"serve exited with {server.ExitCode}: {await stderr}");
            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("serve did not answer /healthz within 60 s");
    }
}
