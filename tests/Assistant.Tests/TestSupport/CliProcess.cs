using System.Diagnostics;
using System.Text;

namespace Assistant.Tests.TestSupport;

public sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}

/// <summary>Runs the real `assistant` CLI (the built assistant.dll) as a child process.</summary>
public static class CliProcess
{
    /// <summary>
    /// src/Assistant.Cli/bin/&lt;Configuration&gt;/net10.0/assistant.dll for the configuration the tests were built in
    /// (the test project references the CLI project, so building the tests builds it); else the copy beside the tests.
    /// </summary>
    public static string AssemblyPath { get; } = FindAssembly();

    public static ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(AssemblyPath);
        foreach (var arg in args) start.ArgumentList.Add(arg);

        // Hermetic: no settings leak in from the developer's environment.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASSISTANT_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["NO_COLOR"] = "1";
        start.Environment["COLUMNS"] = "200";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            // A null value unsets the variable (e.g. NO_COLOR, to see what a user without it gets).
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        return start;
    }

    public static async Task<CliResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args, environment))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"assistant {string.Join(' ', args)} did not finish within 60 s");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public static Task<CliResult> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, null, args);

    private static string FindAssembly()
    {
        // bin/<Configuration>/net10.0/ of the test assembly names the configuration.
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testOutput.Parent?.Name ?? "Debug";
        var candidates = new[]
        {
            Path.Combine(RepoPaths.Root, "src", "Assistant.Cli", "bin", configuration, testOutput.Name, "assistant.dll"),
            Path.Combine(AppContext.BaseDirectory, "assistant.dll"),
        };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("assistant.dll not found; build src/Assistant.Cli first. Looked in: " + string.Join(", ", candidates));
    }
}
