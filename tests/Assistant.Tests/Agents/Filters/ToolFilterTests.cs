using System.Text.Json;
using Assistant.Core.Agents;
using Assistant.Core.Agents.Filters;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace Assistant.Tests.Agents.Filters;

/// <summary>The filters on their own, on a Kernel that invokes functions directly (no model).</summary>
public sealed class ToolFilterTests
{
    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add($"{logLevel}: {formatter(state, exception)}");
    }

    private static (Kernel Kernel, AgentTurn Turn, ListLogger Log, List<string> Ran) Setup(IReadOnlyCollection<string> allowed)
    {
        var log = new ListLogger();
        var ran = new List<string>();
        var turn = new AgentTurn(allowed, maxSteps: 5, maxArgumentChars: 40, approver: null, onEvent: null, log);
        var kernel = new Kernel();
        kernel.Plugins.AddFromFunctions("Ops",
        [
            KernelFunctionFactory.CreateFromMethod((string token, string query) => { ran.Add(query); return "ok"; }, "lookup"),
        ]);
        kernel.FunctionInvocationFilters.Add(new ToolLoggingFilter(log));
        kernel.FunctionInvocationFilters.Add(new AllowListFilter(turn));
        kernel.FunctionInvocationFilters.Add(new ArgumentValidationFilter(turn));
        kernel.FunctionInvocationFilters.Add(new ToolRunFilter(turn));
        return (kernel, turn, log, ran);
    }

    [Fact]
    public async Task A_function_outside_the_allow_list_does_not_run_even_when_invoked_directly()
    {
        var (kernel, turn, log, ran) = Setup(["search_documents"]);

        var result = await kernel.InvokeAsync("Ops", "lookup", new() { ["token"] = "t", ["query"] = "q" });

        Assert.Empty(ran);
        Assert.Equal("Error: the tool lookup is not allowed here; it did not run.", result.ToString());
        var call = Assert.Single(turn.Calls);
        Assert.Equal(("lookup", false, "not allowed here"), (call.Name, call.Ok, call.Error));
        Assert.Contains(log.Lines, l => l.StartsWith("Warning: Tool call refused: lookup: not allowed here", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_log_line_hides_secret_looking_arguments_and_cuts_long_ones()
    {
        var (kernel, turn, log, ran) = Setup(["lookup"]);

        await kernel.InvokeAsync("Ops", "lookup", new() { ["token"] = "sk-SECRET-123", ["query"] = "short" });

        Assert.Equal(["short"], ran);
        Assert.True(Assert.Single(turn.Calls).Ok);
        Assert.Contains("Debug: Tool lookup(token=***, query=short)", log.Lines);
        Assert.DoesNotContain(log.Lines, l => l.Contains("SECRET", StringComparison.Ordinal));
        Assert.Equal("query=" + new string('x', ToolLoggingFilter.MaxValueChars) + "…", ToolLoggingFilter.Scrub(new() { ["query"] = new string('x', 500) }));
    }

    [Fact]
    public async Task A_string_longer_than_the_turn_limit_is_refused()
    {
        var (kernel, turn, _, ran) = Setup(["lookup"]);

        var result = await kernel.InvokeAsync("Ops", "lookup", new() { ["token"] = "t", ["query"] = new string('q', 41) });

        Assert.Empty(ran);
        Assert.Contains("argument 'query' is longer than 40 characters", result.ToString());
    }

    [Fact]
    public void A_tool_known_only_by_its_schema_is_checked_against_the_JSON_types()
    {
        // As an MCP tool arrives: parameters with a JSON schema and no .NET type.
        var function = KernelFunctionFactory.CreateFromMethod(() => "x", new KernelFunctionFromMethodOptions
        {
            FunctionName = "remote",
            Parameters =
            [
                new KernelParameterMetadata("count") { Schema = KernelJsonSchema.Parse("""{"type":"integer"}"""), IsRequired = true },
                new KernelParameterMetadata("name") { Schema = KernelJsonSchema.Parse("""{"type":"string"}""") },
            ],
        });
        KernelArguments Args(string json) => new(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!.ToDictionary(kv => kv.Key, kv => (object?)kv.Value));

        Assert.Null(ArgumentValidationFilter.Validate(function, Args("""{"count":3,"name":"a"}"""), 100));
        Assert.Equal("argument 'count' must be of JSON type integer", ArgumentValidationFilter.Validate(function, Args("""{"count":"3"}"""), 100));
        Assert.Equal("argument 'count' must be of JSON type integer", ArgumentValidationFilter.Validate(function, Args("""{"count":2.5}"""), 100));
        Assert.Equal("argument 'count' is required", ArgumentValidationFilter.Validate(function, Args("""{"name":"a"}"""), 100));
        Assert.Equal("argument 'name' must be of JSON type string", ArgumentValidationFilter.Validate(function, Args("""{"count":1,"name":[1]}"""), 100));
    }
}
