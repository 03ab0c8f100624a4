using System.CommandLine;
using Assistant.Mcp;

namespace Assistant.Cli.Commands;

/// <summary>`assistant mcp`: serve the assistant's tools over MCP, on stdio (default) or Streamable HTTP (--http URL).</summary>
internal static class McpCommand
{
    public static Command Create()
    {
        var http = new Option<string?>("--http") { Description = "Serve Streamable HTTP at URL (e.g. http://127.0.0.1:8765/mcp) instead of stdio." };
        var command = new Command("mcp", "Run an MCP server with the tools summarize, translate, sentiment, code_review, search_documents and ask (stdio by default).") { http };
        command.SetAction(async (parse, ct) =>
        {
            var configuration = CliHost.BuildConfiguration(parse);
            if (parse.GetValue(http) is not { } address)
            {
                await McpServiceExtensions.RunStdioAsync(services => CliHost.AddServices(services, configuration), ct);
                return CliRunner.Success;
            }

            if (!Uri.TryCreate(address, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")) throw new UsageException($"--http {address}: give an absolute http:// URL such as http://127.0.0.1:8765/mcp");
            // stderr, like every log line: stdout stays free for whoever runs the server.
            await McpServiceExtensions.RunHttpAsync(url, services => CliHost.AddServices(services, configuration), endpoint => Console.Error.WriteLine($"MCP server listening on {endpoint}"), ct);
            return CliRunner.Success;
        });
        return command;
    }
}
