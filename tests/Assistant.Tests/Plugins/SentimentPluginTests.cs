using System.ComponentModel;
using System.Reflection;
using Assistant.Plugins.Sentiment;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Assistant.Tests.Plugins;

public sealed class SentimentPluginTests
{
    private const string ValidReply = """{"label":"negative","score":-0.7,"confidence":0.9,"phrases":["안 좋아요"],"aspects":[{"aspect":"배송","label":"negative","score":-0.7}],"language":"ko"}""";

    private static KernelPlugin Prompts() => SentimentPlugin.LoadPrompts(Path.Combine(RepoPaths.Root, "prompts"));

    private static Kernel KernelOver(IChatClient chat)
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(chat);
        return builder.Build();
    }

    private static string Said(ScriptedChatClient chat, int call) => string.Join("\n", chat.Calls[call].Messages.Select(m => $"{m.Role}: {m.Text}"));

    [Fact]
    public async Task Model_mode_sends_the_prompt_with_its_variables_and_parses_the_reply()
    {
        var chat = new ScriptedChatClient(ScriptedChatClient.Text([ValidReply[..20], ValidReply[20..]]));
        var plugin = new SentimentPlugin(prompts: Prompts());
        var kernel = KernelOver(chat);
        Assert.True(plugin.UsesModel(kernel));

        var result = await plugin.AnalyzeAsync(kernel, "배송이 안 좋아요", "ko");

        var call = Assert.Single(chat.Calls);
        Assert.Equal(ChatRole.System, call.Messages[0].Role);
        Assert.Contains("\"required\": [\"label\", \"score\"", call.Messages[0].Text);   // the schema was filled in
        Assert.Contains("language hint is: ko", call.Messages[0].Text);
        Assert.Equal("배송이 안 좋아요", call.Messages[^1].Text);
        Assert.Equal(0f, call.Options?.Temperature);
        Assert.Equal(new SentimentResult
        {
            Label = "negative", Score = -0.7, Confidence = 0.9, Phrases = result.Phrases, Aspects = result.Aspects, Language = "ko", Mode = "generative",
        }, result);
        Assert.Equal(["안 좋아요"], result.Phrases);
        Assert.Equal(new AspectSentiment("배송", "negative", -0.7), Assert.Single(result.Aspects));
    }

    [Fact]
    public async Task Invalid_json_gets_one_repair_retry_carrying_the_error_then_succeeds()
    {
        var chat = new ScriptedChatClient(
            ScriptedChatClient.Text(["Sure! The sentiment is negative."]),
            ScriptedChatClient.Text(["```json\n" + ValidReply + "\n```"]));
        var result = await new SentimentPlugin(prompts: Prompts()).AnalyzeAsync(KernelOver(chat), "배송이 안 좋아요");

        Assert.Equal("negative", result.Label);
        Assert.Equal(2, chat.Calls.Count);
        var repair = chat.Calls[1].Messages;
        Assert.Contains(repair, m => m.Role == ChatRole.Assistant && m.Text == "Sure! The sentiment is negative.");
        Assert.Contains("rejected: not JSON", repair[^1].Text);
        Assert.Equal("배송이 안 좋아요", repair[1].Text);
    }

    [Fact]
    public async Task A_reply_outside_the_schema_is_repaired_with_the_schema_error()
    {
        var outOfRange = ValidReply.Replace("\"score\":-0.7,\"confidence\"", "\"score\":-7,\"confidence\"").Replace("\"negative\",\"score\":-0.7,\"confidence\"", "\"furious\",\"score\":-0.7,\"confidence\"");
        var chat = new ScriptedChatClient(ScriptedChatClient.Text([outOfRange]), ScriptedChatClient.Text([ValidReply]));
        var result = await new SentimentPlugin(prompts: Prompts()).AnalyzeAsync(KernelOver(chat), "배송이 안 좋아요");
        Assert.Equal(-0.7, result.Score);
        Assert.Contains("/score", Said(chat, 1));
    }

    [Fact]
    public async Task Twice_invalid_is_a_clear_error_after_exactly_two_calls()
    {
        var chat = new ScriptedChatClient(ScriptedChatClient.Text(["nope"]), ScriptedChatClient.Text(["""{"label":"great"}"""]));
        var error = await Assert.ThrowsAsync<SentimentModelOutputException>(() => new SentimentPlugin(prompts: Prompts()).AnalyzeAsync(KernelOver(chat), "good"));
        Assert.Equal(2, chat.Calls.Count);
        Assert.Contains("even after one repair retry", error.Message);
        Assert.Contains("required", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("does not match the schema", error.Message);
    }

    [Theory]
    [InlineData("", null, "text")]
    [InlineData("   ", null, "text")]
    [InlineData("good", "fr", "language")]
    [InlineData("good", "klingon", "language")]
    public async Task Invalid_arguments_are_rejected_before_any_model_call(string text, string? language, string argument)
    {
        var chat = new ScriptedChatClient();
        var error = await Assert.ThrowsAsync<SentimentArgumentException>(() => new SentimentPlugin(prompts: Prompts()).AnalyzeAsync(KernelOver(chat), text, language));
        Assert.Equal(argument, error.ParamName);
        Assert.StartsWith(argument + ":", error.Message);
        Assert.Empty(chat.Calls);
    }

    [Fact]
    public async Task Text_over_the_configured_limit_is_rejected_before_any_model_call()
    {
        var chat = new ScriptedChatClient();
        var plugin = new SentimentPlugin(new SentimentOptions { MaxTextChars = 10 }, Prompts());
        var error = await Assert.ThrowsAsync<SentimentArgumentException>(() => plugin.AnalyzeAsync(KernelOver(chat), "this is longer than ten"));
        Assert.Contains("over the limit of 10", error.Message);
        Assert.Contains("MaxTextChars", error.Message);

        var batch = await Assert.ThrowsAsync<SentimentArgumentException>(() => plugin.AnalyzeBatchAsync(KernelOver(chat), ["ok", "this is longer than ten"]));
        Assert.StartsWith("texts[1]:", batch.Message);
        Assert.Empty(chat.Calls);
    }

    [Fact]
    public async Task Batch_reports_progress_in_order_with_each_result()
    {
        var reports = new List<SentimentBatchProgress>();
        var results = await new SentimentPlugin().AnalyzeBatchAsync(new Kernel(), ["great service", "배송이 너무 느려요", "where is my order?"], null, new SyncProgress(reports.Add), default);
        Assert.Equal(["positive", "negative", "neutral"], results.Select(r => r.Label));
        Assert.Equal([1, 2, 3], reports.Select(r => r.Done));
        Assert.All(reports, r => Assert.Equal(3, r.Total));
        Assert.Equal(results, reports.Select(r => r.Latest));
        Assert.Equal(["en", "ko", "en"], results.Select(r => r.Language));
    }

    [Fact]
    public async Task Without_a_chat_model_the_lexicon_answers_even_when_prompts_are_given()
    {
        var plugin = new SentimentPlugin(prompts: Prompts());
        Assert.False(plugin.UsesModel(new Kernel()));
        var result = await plugin.AnalyzeAsync(new Kernel(), "별로 안 좋아요");
        Assert.Equal(("negative", "lexicon", "ko"), (result.Label, result.Mode, result.Language));
    }

    [Fact]
    public async Task Library_route_a_plain_kernel_imports_the_plugin_and_invokes_it()
    {
        var kernel = new Kernel();
        kernel.ImportPluginFromObject(new SentimentPlugin(), SentimentPlugin.PluginName);

        var function = kernel.Plugins.GetFunction("Sentiment", "analyze");
        Assert.False(string.IsNullOrWhiteSpace(function.Description));
        Assert.All(function.Metadata.Parameters, p => Assert.False(string.IsNullOrWhiteSpace(p.Description), p.Name));
        Assert.Equal(["text", "language"], function.Metadata.Parameters.Select(p => p.Name));
        Assert.True(function.Metadata.Parameters[0].IsRequired);

        var result = (await kernel.InvokeAsync("Sentiment", "analyze", new KernelArguments { ["text"] = "The delivery was not bad" })).GetValue<SentimentResult>()!;
        Assert.Equal(("positive", "lexicon", "en"), (result.Label, result.Mode, result.Language));
        Assert.Contains(result.Aspects, a => a.Aspect == "delivery");

        var batch = (await kernel.InvokeAsync("Sentiment", "analyze_batch", new KernelArguments { ["texts"] = new[] { "좋아요", "최악이에요" } })).GetValue<IReadOnlyList<SentimentResult>>()!;
        Assert.Equal(["positive", "negative"], batch.Select(r => r.Label));

        await Assert.ThrowsAsync<SentimentArgumentException>(() => kernel.InvokeAsync("Sentiment", "analyze", new KernelArguments { ["text"] = "x", ["language"] = "zz" }));
    }

    [Fact]
    public void Every_kernel_function_and_its_parameters_carry_descriptions()
    {
        var functions = typeof(SentimentPlugin).GetMethods().Where(m => m.GetCustomAttribute<KernelFunctionAttribute>() is not null).ToList();
        Assert.Equal(2, functions.Count);
        foreach (var method in functions)
        {
            Assert.NotNull(method.GetCustomAttribute<DescriptionAttribute>());
            foreach (var parameter in method.GetParameters().Where(p => p.ParameterType != typeof(Kernel) && p.ParameterType != typeof(CancellationToken)))
            {
                Assert.True(parameter.GetCustomAttribute<DescriptionAttribute>() is not null, $"{method.Name}({parameter.Name})");
            }
        }
    }

    [Fact]
    public void The_prompts_load_through_the_hosts_prompt_library_and_a_zero_limit_is_refused()
    {
        var library = Assistant.Core.KernelHost.PromptLibrary.Load(Path.Combine(RepoPaths.Root, "prompts"));
        var sentiment = Assert.Single(library.Plugins, p => p.Name == SentimentPlugin.PluginName);
        Assert.Equal(["Analyze", "Repair"], sentiment.Select(f => f.Name).Order());
        Assert.Equal(["text", "language", "schema", "previous", "error"], sentiment["Repair"].Metadata.Parameters.Select(p => p.Name));

        var error = Assert.Throws<SentimentArgumentException>(() => new SentimentPlugin(new SentimentOptions { MaxTextChars = 0 }));
        Assert.Equal("options: Plugins:Sentiment:MaxTextChars must be at least 1 (it is 0)", error.Message);
    }

    private sealed class SyncProgress(Action<SentimentBatchProgress> report) : IProgress<SentimentBatchProgress>
    {
        public void Report(SentimentBatchProgress value) => report(value);
    }
}
