using System.Text.Json.Nodes;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using ModelContextProtocol.Client;
using SkFunctionInvocationContext = Microsoft.SemanticKernel.FunctionInvocationContext;

namespace Assistant.Tests.Mcp;

/// <summary>
/// Another, independent Semantic Kernel kernel uses the assistant's tools through MCP: it starts `assistant mcp`,
/// imports the tools as kernel functions and lets its own auto function calling (a scripted model asking for the
/// tool) run one. The function result reaches that model as the tool's plain JSON text.
/// </summary>
public sealed class SecondKernelTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_second_kernel_imports_the_mcp_tools_and_its_auto_function_calling_runs_sentiment()
    {
        await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "assistant",
            Command = "dotnet",
            Arguments = [CliProcess.AssemblyPath, "mcp"],
            WorkingDirectory = _dir.Path,
            // No model here: the server's sentiment runs its lexicon analyser.
            EnvironmentVariables = new Dictionary<string, string?> { ["ASSISTANT_DATA"] = _dir.Combine("idx") },
        }));
        var tools = await client.ListToolsAsync();

        var model = new ScriptedChatClient(
            ScriptedChatClient.ToolCall("call-1", "Assistant_sentiment", new() { ["text"] = "배송이 너무 느려요" }),
            ScriptedChatClient.Text(["The customer is unhappy about the slow delivery."]));
        var builder = Kernel.CreateBuilder();
        builder.Services.AddChatClient(model).UseKernelFunctionInvocation();
        var kernel = builder.Build();
        kernel.FunctionInvocationFilters.Add(new McpTextUnwrapFilter());
#pragma warning disable SKEXP0001 // AsKernelFunction is marked experimental in some SK builds
        kernel.Plugins.AddFromFunctions("Assistant", tools.Select(t => t.AsKernelFunction()));
#pragma warning restore SKEXP0001

        var answer = await kernel.InvokePromptAsync("How does this customer feel: 배송이 너무 느려요", new KernelArguments(new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }));

        Assert.Equal("The customer is unhappy about the slow delivery.", answer.ToString());
        Assert.Equal(2, model.Calls.Count);
        Assert.Contains(model.Calls[0].Options!.Tools!, t => t.Name == "Assistant_sentiment");
        var toolResult = model.Calls[1].Messages.SelectMany(m => m.Contents).OfType<Microsoft.Extensions.AI.FunctionResultContent>().Single();
        var json = JsonNode.Parse(Assert.IsType<string>(toolResult.Result))!;
        Assert.Equal(("negative", "lexicon", "ko"), ((string)json["label"]!, (string)json["mode"]!, (string)json["language"]!));
    }

    /// <summary>An MCP tool's value is M.E.AI TextContent; handed back as is, the model would see {"$type":"text",…}.</summary>
    private sealed class McpTextUnwrapFilter : IFunctionInvocationFilter
    {
        public async Task OnFunctionInvocationAsync(SkFunctionInvocationContext context, Func<SkFunctionInvocationContext, Task> next)
        {
            await next(context);
            if (context.Result.GetValue<object>() is Microsoft.Extensions.AI.TextContent text) context.Result = new FunctionResult(context.Result, text.Text);
        }
    }
}
