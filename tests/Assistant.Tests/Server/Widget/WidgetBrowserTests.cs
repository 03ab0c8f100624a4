using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Assistant.Core.Answering;
using Assistant.Server.Security;
using Assistant.Tests.Eval;
using Assistant.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Assistant.Tests.Server.Widget;

/// <summary>
/// The embeddable widget in Debian's chromium (driven by Playwright, never a downloaded browser), against the real
/// server listening on loopback. The page embedding it is served from another loopback port, so every call is a
/// real cross-origin request: CORS preflight, the widget key's origin check, SSE over fetch. The model streams its
/// answer in paced pieces so the test can see the text grow before the reply is done.
/// </summary>
public sealed class WidgetBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string WidgetKey = "site-widget";
    private const string HelpSite = "https://help.example.com/docs/";

    private readonly PacedChatModel _model = new(TimeSpan.FromMilliseconds(350));
    private LoopbackHttpServer _site = null!;
    private ServerFactory _server = null!;
    private string _serverAddress = "";
    private string _pageLang = "en";

    public async Task InitializeAsync()
    {
        // The embedding site: one page with the one tag, in the language the test sets.
        _site = ServeSitePage();
        var siteOrigin = _site.BaseAddress.GetLeftPart(UriPartial.Authority);

        _server = new ServerFactory(
            settings =>
            {
                settings[$"Server:SourceLinks:default"] = HelpSite;
                settings[$"Server:ApiKeys:{WidgetKey}:AllowedOrigins:0"] = siteOrigin;
            },
            services => services.AddSingleton<IChatModelSelector>(new FixedSelector(new ChatSelection(new SelectedChat("paced", _model), null))));
        _server.AddKey(WidgetKey, ApiKeyRoles.Widget, null);
        _server.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _server.StartServer();
        _serverAddress = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        var admin = _server.ClientFor(TestKeys.Admin);
        await Upload(admin, "blender-warranty.md", "# Blender warranty\n\nThe warranty period for the blender is two years from the date of purchase.\n");
        await Upload(admin, "blender-warranty-ko.md", "# 블렌더 보증\n\n블렌더의 보증 기간은 구입일로부터 2년입니다.\n");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _site.DisposeAsync();
    }

    [ChromiumFact]
    public async Task A_question_streams_into_the_widget_with_linked_citations_and_feedback_is_recorded()
    {
        _model.Answers["warranty"] = ["The warranty period ", "for the blender ", "is two years [1]."];
        await using var browser = await Browser.LaunchAsync();
        var page = browser.Page;
        var console = Watch(page);
        await page.GotoAsync(_site.BaseAddress.AbsoluteUri);

        // The page's own styles do not reach into the widget (shadow root), and the UI speaks the page's language.
        var launcher = page.Locator("#assistant-widget button.launcher");
        await Assertions.Expect(launcher).ToHaveTextAsync("Chat with us");
        Assert.Equal("open", await page.EvaluateAsync<string>("document.getElementById('assistant-widget').shadowRoot.mode"));
        Assert.NotEqual("rgb(255, 0, 0)", await launcher.EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor"));
        Assert.Equal("15px", await launcher.EvaluateAsync<string>("b => getComputedStyle(b).fontSize"));
        await launcher.ClickAsync();

        await RecordAnswerTextAsync(page);
        await page.Locator("#assistant-widget textarea").FillAsync("How long is the blender's warranty period?");
        await page.Keyboard.PressAsync("Enter");

        var reply = page.Locator("#assistant-widget .msg.bot[data-state=done]");
        await Assertions.Expect(reply).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Assertions.Expect(reply.Locator(".answer")).ToHaveTextAsync("The warranty period for the blender is two years [1].");

        // Streamed: the text was seen growing, piece by piece, before the reply was complete.
        var seen = await page.EvaluateAsync<string[]>("window.__answers");
        output.WriteLine("answer text as it grew: " + string.Join(" | ", seen));
        Assert.Contains("The warranty period ", seen);
        Assert.Contains("The warranty period for the blender ", seen);
        Assert.True(seen.ToList().IndexOf("The warranty period ") < seen.ToList().IndexOf("The warranty period for the blender is two years [1]."));

        // The citation links to its source, which links to the document's section on the help site.
        var cite = reply.Locator("a.cite[data-n='1']");
        await Assertions.Expect(cite).ToHaveCountAsync(1);
        Assert.DoesNotContain("unsupported", await cite.GetAttributeAsync("class") ?? "");
        var source = reply.Locator(".sources li").First;
        await Assertions.Expect(source).ToContainTextAsync("blender-warranty.md › Blender warranty");
        Assert.Equal(HelpSite + "blender-warranty.md#blender-warranty", await source.Locator("a").GetAttributeAsync("href"));
        await cite.ClickAsync();
        Assert.Equal(_site.BaseAddress.AbsoluteUri, page.Url);   // in-widget jump, the page did not navigate

        await reply.Locator("button[data-rating=up]").ClickAsync();
        await Assertions.Expect(reply.Locator(".thanks")).ToHaveTextAsync("Thanks for the feedback.");
        var messageId = int.Parse((await reply.GetAttributeAsync("data-message-id"))!);
        var feedback = await _server.ClientFor(TestKeys.Admin).GetFromJsonAsync<JsonElement>("/api/feedback");
        Assert.Contains(feedback.EnumerateArray(), f => f.GetProperty("rating").GetString() == "up" && f.GetProperty("messageId").GetInt32() == messageId
            && f.GetProperty("key").GetString() == WidgetKey);

        await Screenshot(page, "widget-en.png");
        Assert.Empty(console.Errors);
    }

    [ChromiumFact]
    public async Task On_a_Korean_page_the_widget_speaks_Korean_and_shows_the_hand_off_when_the_customer_asks_for_a_person()
    {
        _pageLang = "ko";
        _model.Answers["보증"] = ["블렌더의 보증 기간은 ", "2년입니다 [1]."];
        await using var browser = await Browser.LaunchAsync();
        var page = browser.Page;
        var console = Watch(page);
        await page.GotoAsync(_site.BaseAddress.AbsoluteUri);

        var launcher = page.Locator("#assistant-widget button.launcher");
        await Assertions.Expect(launcher).ToHaveTextAsync("채팅 상담");
        await launcher.ClickAsync();
        await Assertions.Expect(page.Locator("#assistant-widget textarea")).ToHaveAttributeAsync("placeholder", "질문을 입력하세요…");

        await page.Locator("#assistant-widget textarea").FillAsync("블렌더 보증 기간은 얼마인가요?");
        await page.Locator("#assistant-widget button.send").ClickAsync();
        var first = page.Locator("#assistant-widget .msg.bot[data-state=done]");
        await Assertions.Expect(first).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Assertions.Expect(first.Locator(".answer")).ToHaveTextAsync("블렌더의 보증 기간은 2년입니다 [1].");
        await Assertions.Expect(first.Locator(".sources h4")).ToHaveTextAsync("출처");
        Assert.Equal(HelpSite + "blender-warranty-ko.md#" + Uri.EscapeDataString("블렌더-보증"), await first.Locator(".sources li a").First.GetAttributeAsync("href"));
        Assert.Empty(await page.Locator("#assistant-widget .notice").AllAsync());

        await page.Locator("#assistant-widget textarea").FillAsync("상담원 연결해 주세요");
        await page.Keyboard.PressAsync("Enter");
        var notice = page.Locator("#assistant-widget .notice[data-reason=person-requested]");
        await Assertions.Expect(notice).ToHaveTextAsync("상담원에게 대화를 전달했어요. 담당자가 이곳에서 이어서 도와드립니다.", new() { Timeout = 30_000 });

        var escalations = await _server.ClientFor(TestKeys.Admin).GetFromJsonAsync<JsonElement>("/api/escalations");
        Assert.Contains(escalations.EnumerateArray(), e => e.GetProperty("reason").GetString() == "person-requested" && e.GetProperty("key").GetString() == WidgetKey);

        // The conversation is kept for this tab: after moving to another page it is shown again, without a second hand-off notice.
        await page.ReloadAsync();
        await page.Locator("#assistant-widget button.launcher").ClickAsync();
        await Assertions.Expect(page.Locator("#assistant-widget .msg.user")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#assistant-widget .msg.bot[data-state=done] .answer").First).ToHaveTextAsync("블렌더의 보증 기간은 2년입니다 [1].");
        Assert.Empty(await page.Locator("#assistant-widget .notice").AllAsync());

        await Screenshot(page, "widget-ko.png");
        Assert.Empty(console.Errors);
    }

    [ChromiumFact]
    public async Task A_page_whose_origin_the_key_does_not_allow_gets_no_answer()
    {
        await using var browser = await Browser.LaunchAsync();
        var page = browser.Page;
        Watch(page);
        // The same page from another port: another origin, not in the key's list.
        await using var otherSite = ServeSitePage();
        await page.GotoAsync(otherSite.BaseAddress.AbsoluteUri);
        await page.Locator("#assistant-widget button.launcher").ClickAsync();
        await page.Locator("#assistant-widget textarea").FillAsync("How long is the warranty?");
        await page.Keyboard.PressAsync("Enter");
        // The browser stops it at the preflight (the origin is in no CORS list), so the widget can only say it got no answer.
        await Assertions.Expect(page.Locator("#assistant-widget .error")).ToHaveTextAsync("Can't reach the assistant. Check your connection and try again.", new() { Timeout = 30_000 });
        Assert.Empty(await page.Locator("#assistant-widget .msg.bot .answer").AllAsync());
        Assert.Empty(_model.Questions);
    }

    /// <summary>The embedding site on its own loopback port (its own origin), serving <see cref="SitePage"/>.</summary>
    private LoopbackHttpServer ServeSitePage() => new(async (_, response) =>
    {
        response.ContentType = "text/html; charset=utf-8";
        await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(SitePage()));
        response.Close();
    });

    private string SitePage() => $$"""
        <!doctype html><html lang="{{_pageLang}}"><head><meta charset="utf-8"><title>Shop</title>
        <style>button { background: red !important; } * { font-size: 40px; line-height: 3; }</style></head>
        <body><h1>Blender shop</h1>
        <script src="{{_serverAddress}}/widget.js" data-server="{{_serverAddress}}" data-api-key="{{TestKeys.Secret(WidgetKey)}}" defer></script>
        </body></html>
        """;

    private static async Task Upload(HttpClient admin, string name, string text)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(text)), "files", name);
        var response = await admin.PostAsync("/api/documents", form);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Keeps every text the answer element shows, as it changes, in window.__answers.</summary>
    private static Task RecordAnswerTextAsync(IPage page) => page.EvaluateAsync("""
        () => {
          window.__answers = [];
          const log = document.getElementById('assistant-widget').shadowRoot.querySelector('.log');
          new MutationObserver(() => {
            const answers = log.querySelectorAll('.msg.bot .answer');
            const bubble = answers[answers.length - 1];
            if (!bubble || bubble.parentElement.dataset.state === 'waiting') return;
            const text = bubble.textContent;
            if (window.__answers[window.__answers.length - 1] !== text) window.__answers.push(text);
          }).observe(log, { subtree: true, childList: true, characterData: true, attributes: true });
        }
        """);

    private sealed record ConsoleWatch(List<string> Errors);

    private ConsoleWatch Watch(IPage page)
    {
        var watch = new ConsoleWatch([]);
        page.Console += (_, message) =>
        {
            output.WriteLine($"console {message.Type}: {message.Text}");
            if (message.Type == "error") watch.Errors.Add(message.Text);
        };
        page.PageError += (_, error) => watch.Errors.Add(error);
        return watch;
    }

    private async Task Screenshot(IPage page, string name)
    {
        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        var png = Path.Combine(artifacts, name);
        await page.ScreenshotAsync(new() { Path = png });
        var bytes = await File.ReadAllBytesAsync(png);
        Assert.True(bytes.Length > 10_000, $"screenshot is only {bytes.Length} bytes");
        output.WriteLine($"widget screenshot: {png}");
        Console.WriteLine($"widget screenshot: {png}");
    }

    /// <summary>Debian's chromium under Playwright, with the flags this closed machine needs, in a fresh profile.</summary>
    private sealed class Browser : IAsyncDisposable
    {
        private readonly IPlaywright _playwright;
        private readonly IBrowser _browser;

        private Browser(IPlaywright playwright, IBrowser browser, IPage page)
        {
            _playwright = playwright;
            _browser = browser;
            Page = page;
        }

        public IPage Page { get; }

        public static async Task<Browser> LaunchAsync()
        {
            var playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = HeadlessChromium.Path,
                Headless = true,
                ChromiumSandbox = false,
                Args = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 900, Height = 760 }, Locale = "en-US" });
            return new Browser(playwright, browser, page);
        }

        public async ValueTask DisposeAsync()
        {
            await _browser.CloseAsync();
            _playwright.Dispose();
        }
    }

    /// <summary>
    /// Stands in for a model server: streams the pieces of the first answer whose key word is in the question, with
    /// a pause between pieces, or says the documents don't cover it.
    /// </summary>
    private sealed class PacedChatModel(TimeSpan pause) : IChatClient
    {
        public Dictionary<string, string[]> Answers { get; } = [];

        public List<string> Questions { get; } = [];

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            List<ChatResponseUpdate> updates = [];
            await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken)) updates.Add(update);
            return updates.ToChatResponse();
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var question = messages.Last(m => m.Role == ChatRole.User).Text;
            lock (Questions) Questions.Add(question);
            var pieces = Answers.FirstOrDefault(a => question.Contains(a.Key, StringComparison.OrdinalIgnoreCase)).Value ?? ["The documents don't say."];
            foreach (var piece in pieces)
            {
                await Task.Delay(pause, cancellationToken);
                yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ModelId = "paced-model" };
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("paced", null, "paced-model") : serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }
    }
}
