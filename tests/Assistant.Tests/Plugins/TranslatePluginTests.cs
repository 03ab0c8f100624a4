using Assistant.Plugins.Common;
using Assistant.Plugins.Translate;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Assistant.Tests.Plugins;

public sealed class TranslatePluginTests
{
    private const string Code = "```bash\necho \"안녕하세요\" > out.txt\n```";
    private const string KoreanMarkdown = KoreanProse + "\n\n" + Code;
    private const string EnglishMarkdown = EnglishProse + "\n\n" + Code;

    private const string KoreanProse = """
        # 설치 안내

        결제 화면에서 {user_name}님의 주문 3건을 확인하세요. 자세한 내용은 https://example.com/docs 를 보세요.

        - `npm install` 을 실행합니다.
        - 결제 로그는 30일 동안 보관됩니다.
        """;

    private const string EnglishProse = """
        # Installation guide

        Check the 3 orders of {user_name} on the payment screen. See https://example.com/docs for details.

        - Run `npm install`.
        - Payment logs are kept for 30 days.
        """;

    private static KernelPlugin Prompts() => TranslatePlugin.LoadPrompts(Path.Combine(RepoPaths.Root, "prompts"));

    private static Kernel KernelOver(IChatClient chat)
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(chat);
        return builder.Build();
    }

    private static TranslatePlugin Plugin(TranslateOptions? options = null) => new(options, Prompts());

    [Fact]
    public async Task Korean_markdown_is_sent_with_languages_and_glossary_filled_and_the_checked_reply_comes_back()
    {
        var chat = new ScriptedChatClient(ScriptedChatClient.Text([EnglishProse[..40], EnglishProse[40..]]));
        var result = await Plugin().TranslateAsync(KernelOver(chat), KoreanMarkdown, "en", null, "결제 = payment\n# comment\n환불 = refund");

        var call = Assert.Single(chat.Calls);
        var system = call.Messages[0].Text;
        Assert.Contains("from Korean to English", system);
        Assert.Contains("결제 => payment", system);
        Assert.DoesNotContain("환불", system);                  // only the glossary terms the text uses
        Assert.DoesNotContain("rejected", system);
        Assert.Equal(KoreanProse, call.Messages[^1].Text);   // the code block is kept by the host, never sent
        Assert.Equal(0f, call.Options?.Temperature);

        Assert.Equal(new TranslationResult(EnglishMarkdown, "ko", "en", "generative"), result);
    }

    [Fact]
    public async Task A_broken_placeholder_gets_one_repair_retry_naming_it()
    {
        var broken = EnglishProse.Replace("{user_name}", "{사용자}");
        var chat = new ScriptedChatClient(ScriptedChatClient.Text([broken]), ScriptedChatClient.Text([EnglishProse]));
        var result = await Plugin().TranslateAsync(KernelOver(chat), KoreanMarkdown, "en");

        Assert.Equal(2, chat.Calls.Count);
        var feedback = chat.Calls[1].Messages[0].Text;
        Assert.Contains("placeholder '{user_name}' is missing or changed", feedback);
        Assert.Contains("placeholder '{사용자}' is not in the source", feedback);
        Assert.Contains(broken.Trim(), feedback);               // the rejected reply is shown back
        Assert.Equal(EnglishMarkdown, result.Translation);
    }

    [Fact]
    public async Task A_glossary_term_ignored_twice_is_a_clear_error()
    {
        var chat = new ScriptedChatClient(ScriptedChatClient.Text([EnglishProse.Replace("payment", "checkout").Replace("Payment", "Checkout")]), ScriptedChatClient.Text([EnglishProse.Replace("payment", "billing").Replace("Payment", "Billing")]));
        var error = await Assert.ThrowsAsync<PluginModelOutputException>(() => Plugin().TranslateAsync(KernelOver(chat), KoreanMarkdown, "en", "ko", "결제 = payment"));
        Assert.Equal(2, chat.Calls.Count);
        Assert.Contains("glossary: '결제' must be translated as 'payment'", error.Message);
        Assert.Contains("after one repair retry", error.Message);
    }

    [Theory]
    [InlineData("https://example.com/docs", "https://example.com/guide", "URL 'https://example.com/docs' is missing")]
    [InlineData("`npm install`", "`npm i`", "inline code '`npm install`' is missing")]
    [InlineData("30 days", "thirty days", "number '30' is missing")]
    [InlineData("echo \"안녕하세요\"", "echo \"Hello\"", "code block '```bash")]
    [InlineData("# Installation guide", "Installation guide", "Markdown headings (level 1): 1 in the source but 0 in the translation")]
    [InlineData("- Run", "Run", "Markdown list items: 2 in the source but 1 in the translation")]
    public void The_host_check_names_what_a_translation_broke(string from, string to, string problem)
    {
        var inventory = MarkdownInventory.Of(KoreanMarkdown);
        Assert.Null(TranslatePlugin.Check(KoreanMarkdown, inventory, [], EnglishMarkdown).Error);
        var (value, error) = TranslatePlugin.Check(KoreanMarkdown, inventory, [], EnglishMarkdown.Replace(from, to));
        Assert.Null(value);
        Assert.Contains(problem, error);
    }

    [Fact]
    public async Task Long_text_is_chunked_on_sentence_and_paragraph_boundaries_and_a_code_only_part_is_not_sent()
    {
        var sentences = Enumerable.Range(1, 8).Select(i => $"문장 {i}번은 동기화 설정과 오프라인 보관 방식을 자세하게 설명하는 꽤 긴 한국어 문장입니다.").ToList();
        var code = "```csharp\nvar x = 1;\n```";
        var text = string.Join(" ", sentences) + "\n\n" + code + "\n\n마지막 문단입니다.";
        var chat = new ReplyingChatClient(messages => "EN(" + ReplyingChatClient.UserOf(messages).Replace("문장", "Sentence") + ")");
        var result = await Plugin(new TranslateOptions { ChunkTokens = 60 }).TranslateAsync(KernelOver(chat), text, "en");

        Assert.True(chat.Calls.Count >= 3, $"{chat.Calls.Count} calls");
        var sent = chat.Calls.Select(ReplyingChatClient.UserOf).ToList();
        Assert.All(sent, s => Assert.DoesNotContain("```", s));                 // the code block went nowhere
        Assert.All(sent.Take(sent.Count - 1), s => Assert.EndsWith("문장입니다.", s));   // cut at sentence ends
        Assert.Equal("마지막 문단입니다.", sent[^1]);
        Assert.Equal(string.Join(" ", sentences), string.Join(" ", sent.Take(sent.Count - 1)));   // nothing lost or cut mid-sentence
        Assert.Contains("\n\n" + code + "\n\n", result.Translation);            // separators and the code block kept
        Assert.StartsWith("EN(Sentence 1번", result.Translation);
        Assert.EndsWith("EN(마지막 문단입니다.)", result.Translation);
    }

    [Fact]
    public async Task Without_a_chat_model_it_fails_fast_naming_how_to_configure_one()
    {
        var error = await Assert.ThrowsAsync<ModelRequiredException>(() => Plugin().TranslateAsync(new Kernel(), "안녕하세요", "en"));
        Assert.Contains("Models:DefaultChat", error.Message);
        Assert.Contains("--model", error.Message);
        await Assert.ThrowsAsync<ModelRequiredException>(() => new TranslatePlugin().TranslateAsync(KernelOver(new ScriptedChatClient()), "안녕하세요", "en"));
    }

    [Theory]
    [InlineData("", "en", null, null, "text")]
    [InlineData("안녕하세요", "", null, null, "to")]
    [InlineData("안녕하세요", "xx", null, null, "to")]
    [InlineData("안녕하세요", "en", "qq", null, "from")]
    [InlineData("안녕하세요", "en", "en", null, "from")]
    [InlineData("Hello there", "en", null, null, "from")]
    [InlineData("안녕하세요", "en", null, "결제 payment", "glossary")]
    [InlineData("안녕하세요", "en", null, "{\"a\": 1}", "glossary")]
    public async Task Invalid_arguments_are_rejected_before_any_model_call(string text, string to, string? from, string? glossary, string argument)
    {
        var chat = new ScriptedChatClient();
        var error = await Assert.ThrowsAsync<PluginArgumentException>(() => Plugin().TranslateAsync(KernelOver(chat), text, to, from, glossary));
        Assert.Equal(argument, error.ParamName);
        Assert.StartsWith(argument + ":", error.Message);
        Assert.Empty(chat.Calls);
    }

    [Fact]
    public async Task Text_over_the_limit_is_refused_and_a_glossary_file_reads_three_forms()
    {
        var chat = new ScriptedChatClient();
        var error = await Assert.ThrowsAsync<PluginArgumentException>(() => Plugin(new TranslateOptions { MaxInputChars = 3 }).TranslateAsync(KernelOver(chat), "안녕하세요", "en"));
        Assert.Equal("text: 5 characters is over the limit of 3 (Plugins:Translate:MaxInputChars)", error.Message);
        Assert.Empty(chat.Calls);

        var glossary = Glossary.Parse("결제 = payment\n환불\trefund\n# note\n주문 => order");
        Assert.Equal(["결제", "환불", "주문"], glossary.Keys);
        Assert.Equal(["payment", "refund", "order"], glossary.Values);
        Assert.Equal("payment", Glossary.Parse("""{"결제": "payment"}""")["결제"]);
    }

    [Fact]
    public async Task Library_route_a_plain_kernel_with_a_chat_client_imports_and_calls_translate()
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton<IChatClient>(new ScriptedChatClient(ScriptedChatClient.Text(["Hello, {name}!"])));
        var kernel = builder.Build();
        kernel.ImportPluginFromObject(new TranslatePlugin(prompts: Prompts()), TranslatePlugin.PluginName);

        var result = (await kernel.InvokeAsync(TranslatePlugin.PluginName, "translate", new KernelArguments { ["text"] = "안녕하세요, {name}님!", ["to"] = "en" })).GetValue<TranslationResult>()!;
        Assert.Equal(("Hello, {name}!", "ko", "en"), (result.Translation, result.SourceLanguage, result.TargetLanguage));
    }
}
