using System.Text.Json;
using System.Text.RegularExpressions;
using Assistant.Plugins.CodeReview;
using Assistant.Plugins.Common;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Assistant.Tests.Plugins;

public sealed class CodeReviewPluginTests
{
    private const string Diff = """
        diff --git a/src/Cart.cs b/src/Cart.cs
        index 1111111..2222222 100644
        --- a/src/Cart.cs
        +++ b/src/Cart.cs
        @@ -10,4 +10,5 @@ public sealed class Cart
             public decimal Total()
             {
        -        return _items.Sum(i => i.Price);
        +        var sql = "SELECT * FROM items WHERE id = " + _id;
        +        return _items.Sum(i => i.Price * i.Quantity);
             }
        """;

    private static KernelPlugin Prompts() => CodeReviewPlugin.LoadPrompts(Path.Combine(RepoPaths.Root, "prompts"));

    private static Kernel KernelOver(IChatClient chat)
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(chat);
        return builder.Build();
    }

    private static string Reply(string summary, params (int Line, string Category)[] findings) => JsonSerializer.Serialize(new
    {
        summary,
        findings = findings.Select(f => new { severity = "high", line = f.Line, category = f.Category, message = $"issue on {f.Line}", suggestion = "fix it" }),
    });

    [Fact]
    public async Task A_diff_is_sent_numbered_on_its_new_side_and_findings_outside_it_are_dropped()
    {
        var chat = new ScriptedChatClient(ScriptedChatClient.Text([Reply("SQL injection risk.", (12, "security"), (11, "style"), (200, "bug"))]));
        var result = await new CodeReviewPlugin(prompts: Prompts()).ReviewAsync(KernelOver(chat), Diff);

        var call = Assert.Single(chat.Calls);
        Assert.Contains("a unified diff", call.Messages[0].Text);
        Assert.Contains("in csharp", call.Messages[0].Text);                 // from the diff's file name
        Assert.Contains("\"enum\": [\"bug\", \"security\"", call.Messages[0].Text);
        string[] expected =
        [
            "File: src/Cart.cs",
            "   10       public decimal Total()",
            "   11       {",
            "      -         return _items.Sum(i => i.Price);",
            "   12 +         var sql = \"SELECT * FROM items WHERE id = \" + _id;",
            "   13 +         return _items.Sum(i => i.Price * i.Quantity);",
            "   14       }",
        ];
        Assert.Equal(string.Join("\n", expected), call.Messages[^1].Text);

        Assert.Equal("SQL injection risk.", result.Summary);
        Assert.Equal([(12, "security"), (11, "style")], result.Findings.Select(f => (f.Line, f.Category)));   // 200 is not in the input
        Assert.Equal("generative", result.Mode);
    }

    [Fact]
    public async Task A_large_file_is_reviewed_in_parts_with_the_original_line_numbers()
    {
        var code = string.Join("\n", Enumerable.Range(1, 25).Select(i => $"int v{i} = {i};"));
        var chat = new ReplyingChatClient(messages =>
        {
            var numbers = Regex.Matches(ReplyingChatClient.UserOf(messages), @"^\s*(\d+) \|", RegexOptions.Multiline).Select(m => int.Parse(m.Groups[1].Value)).ToList();
            return Reply($"lines {numbers[0]}-{numbers[^1]}", (numbers[^1], "maintainability"), (1, "bug"));
        });
        var result = await new CodeReviewPlugin(new CodeReviewOptions { PartLines = 10 }, Prompts()).ReviewAsync(KernelOver(chat), code, "csharp", "Values.cs");

        Assert.Equal(3, chat.Calls.Count);
        Assert.Contains("   11 | int v11 = 11;", ReplyingChatClient.UserOf(chat.Calls[1]));
        Assert.Equal([10, 1, 20, 25], result.Findings.Select(f => f.Line));   // line 1 is only valid in the first part
        Assert.Equal("lines 1-10\nlines 11-20\nlines 21-25", result.Summary);
    }

    [Fact]
    public async Task An_invalid_reply_is_repaired_once_then_a_second_is_a_clear_error()
    {
        var chat = new ScriptedChatClient(ScriptedChatClient.Text(["""{"summary":"ok","findings":[{"severity":"critical","line":1}]}"""]), ScriptedChatClient.Text([Reply("ok", (1, "bug"))]));
        var result = await new CodeReviewPlugin(prompts: Prompts()).ReviewAsync(KernelOver(chat), "x = 1", "python");
        Assert.Equal(2, chat.Calls.Count);
        Assert.Contains("rejected", chat.Calls[1].Messages[0].Text);
        Assert.Contains("/findings/0", chat.Calls[1].Messages[0].Text);
        Assert.Equal(1, Assert.Single(result.Findings).Line);

        var twice = new ScriptedChatClient(ScriptedChatClient.Text(["no"]), ScriptedChatClient.Text(["still no"]));
        var error = await Assert.ThrowsAsync<PluginModelOutputException>(() => new CodeReviewPlugin(prompts: Prompts()).ReviewAsync(KernelOver(twice), "x = 1"));
        Assert.Contains("review reply is still not usable after one repair retry", error.Message);
    }

    [Theory]
    [InlineData("", null, "code")]
    [InlineData("x = 1", "c sharp; drop table", "language")]
    public async Task Invalid_arguments_are_rejected_before_any_model_call(string code, string? language, string argument)
    {
        var chat = new ScriptedChatClient();
        var error = await Assert.ThrowsAsync<PluginArgumentException>(() => new CodeReviewPlugin(prompts: Prompts()).ReviewAsync(KernelOver(chat), code, language));
        Assert.Equal(argument, error.ParamName);
        Assert.Empty(chat.Calls);

        var limit = await Assert.ThrowsAsync<PluginArgumentException>(() => new CodeReviewPlugin(new CodeReviewOptions { MaxInputChars = 3 }, Prompts()).ReviewAsync(KernelOver(chat), "x = 1"));
        Assert.Equal("code: 5 characters is over the limit of 3 (Plugins:CodeReview:MaxInputChars)", limit.Message);
    }

    [Fact]
    public async Task Without_a_chat_model_it_fails_fast()
    {
        var error = await Assert.ThrowsAsync<ModelRequiredException>(() => new CodeReviewPlugin(prompts: Prompts()).ReviewAsync(new Kernel(), "x = 1"));
        Assert.StartsWith("review needs a chat model", error.Message);
    }
}
