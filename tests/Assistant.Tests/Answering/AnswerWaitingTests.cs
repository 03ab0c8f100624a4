using System.Runtime.CompilerServices;
using Assistant.Cli.Output;
using Assistant.Core.Answering;
using Assistant.Core.KernelHost;
using Assistant.Core.Models;
using Assistant.Core.Models.Resilience;
using Assistant.Core.Retrieval;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Assistant.Tests.Answering;

/// <summary>
/// The "waiting for &lt;profile&gt; (&lt;model&gt;)…" notice: AnswerService reports the wait through
/// <see cref="AnswerRequest.OnWaiting"/> (it never prints), and the CLI's <see cref="WaitingLine"/> draws and wipes it.
/// The model holds back its first token until the service has reported the wait, so nothing depends on timing.
/// </summary>
public sealed class AnswerWaitingTests : IAsyncLifetime
{
    private static readonly AssistantKernelFactory Kernels = new(PromptLibrary.Load(Path.Combine(RepoPaths.Root, "prompts")));
    private readonly TestKnowledgeBase _kb = new();

    public async Task InitializeAsync()
    {
        _kb.Dir.Write("docs/refund.md", "# Refunds\n\nRefunds are accepted within 30 days of purchase with a receipt.\n");
        await _kb.IngestAsync(_kb.Dir.Combine("docs"));
    }

    public Task DisposeAsync()
    {
        _kb.Dispose();
        return Task.CompletedTask;
    }

    private AnswerService Service(IChatClient model) =>
        new(new KnowledgeRetriever(_kb.Store), new FixedSelector(new ChatSelection(new SelectedChat("slow-profile", model), null)), Kernels,
            new GenerativeAnswerer(TimeProvider.System), new ExtractiveAnswerer(_kb.Store));

    [Fact]
    public async Task A_model_silent_past_the_threshold_is_reported_as_waited_for_then_ended_before_the_first_token()
    {
        var waited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var events = new List<string>();
        var model = new GatedChatClient(waited.Task, "Within 30 days [1].");

        var answer = await Service(model).AnswerAsync(new AnswerRequest("What is the refund policy?")
        {
            WaitingAfter = TimeSpan.FromMilliseconds(20),
            OnWaiting = w =>
            {
                lock (events) events.Add(w.Ended ? "ended" : $"waiting for {w.Profile} ({w.Model})");
                waited.TrySetResult();
            },
            OnToken = t => { lock (events) events.Add("token"); },
        }, CancellationToken.None);

        Assert.Equal("Within 30 days [1].", answer.Answer);
        Assert.Equal("waiting for slow-profile (gated-model)", events[0]);
        Assert.Equal(["ended", "token"], events.Skip(events.IndexOf("ended")));
        Assert.All(events.Take(events.IndexOf("ended")), e => Assert.StartsWith("waiting for", e));
    }

    [Fact]
    public async Task A_model_that_answers_before_the_threshold_reports_no_wait()
    {
        var events = new List<ModelWaiting>();
        var model = new GatedChatClient(Task.CompletedTask, "Within 30 days [1].");

        await Service(model).AnswerAsync(new AnswerRequest("What is the refund policy?")
        {
            WaitingAfter = TimeSpan.FromHours(1),
            OnWaiting = w => { lock (events) events.Add(w); },
        }, CancellationToken.None);

        Assert.Empty(events);
    }

    [Fact]
    public async Task A_failing_model_ends_the_wait_before_the_error_surfaces()
    {
        var waited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var events = new List<bool>();
        var model = new GatedChatClient(waited.Task, null);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Service(model).AnswerAsync(new AnswerRequest("What is the refund policy?")
        {
            WaitingAfter = TimeSpan.FromMilliseconds(20),
            OnWaiting = w =>
            {
                lock (events) events.Add(w.Ended);
                waited.TrySetResult();
            },
        }, CancellationToken.None));

        Assert.True(events[^1], "the last report ends the wait");
        Assert.Single(events, e => e);
    }

    [Fact]
    public async Task After_a_fallback_the_wait_names_the_fallback_profile()
    {
        // The primary fails once a wait has been reported; the fallback answers only once the wait names it.
        var events = new List<string>();
        var waitedForPrimary = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waitedForBackup = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var primary = new GatedChatClient(waitedForPrimary.Task, null, "big-model",
            new ModelException(ModelErrorKind.Timeout, "no first token") { Profile = "primary" });
        var backup = new GatedChatClient(waitedForBackup.Task, "Within 30 days [1].", "small-model");
        using var chain = new FallbackChatClient(primary, "primary", () => backup, "backup");

        var answer = await Service(chain).AnswerAsync(new AnswerRequest("What is the refund policy?")
        {
            WaitingAfter = TimeSpan.FromMilliseconds(20),
            OnWaiting = w =>
            {
                lock (events) events.Add(w.Ended ? "ended" : $"{w.Profile} ({w.Model})");
                if (w.Profile == "backup") waitedForBackup.TrySetResult();
                else waitedForPrimary.TrySetResult();
            },
        }, CancellationToken.None);

        Assert.Equal("Within 30 days [1].", answer.Answer);
        Assert.Equal("slow-profile (big-model)", events[0]); // the selected profile, as the selector named it
        Assert.Equal(["backup (small-model)", "ended"], events.Skip(events.IndexOf("backup (small-model)")));
    }

    [Fact]
    public void The_cli_line_is_drawn_in_place_and_wiped_on_a_terminal_and_absent_otherwise()
    {
        var terminal = new StringWriter();
        var line = new WaitingLine(terminal, enabled: true);
        line.Show(new ModelWaiting("openai", "gpt-4o-mini", TimeSpan.FromSeconds(3)));
        line.Show(new ModelWaiting("openai", "gpt-4o-mini", TimeSpan.FromSeconds(4)));
        line.Show(new ModelWaiting("openai", "gpt-4o-mini", TimeSpan.FromSeconds(4.2), Ended: true));

        const string text = "waiting for openai (gpt-4o-mini)… 3 s";
        Assert.Equal("\r" + text + "\r" + text.Replace("3 s", "4 s") + "\r" + new string(' ', text.Length) + "\r", terminal.ToString());

        var redirected = new StringWriter();
        var quiet = new WaitingLine(redirected, enabled: false);
        quiet.Show(new ModelWaiting("openai", "gpt-4o-mini", TimeSpan.FromSeconds(3)));
        quiet.Show(new ModelWaiting("openai", "gpt-4o-mini", TimeSpan.FromSeconds(3), Ended: true));
        Assert.Equal("", redirected.ToString());
    }


    /// <summary>A model that sends nothing until <paramref name="gate"/> opens, then its answer (or, with null, fails).</summary>
    private sealed class GatedChatClient(Task gate, string? answer, string model = "gated-model", Exception? failure = null) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await gate.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            if (answer is null) throw failure ?? new InvalidOperationException("model failed");
            yield return new ChatResponseUpdate(ChatRole.Assistant, answer) { ModelId = model };
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("gated", null, model) : null;

        public void Dispose()
        {
        }
    }
}
