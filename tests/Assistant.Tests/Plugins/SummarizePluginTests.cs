using System.Text.Json;
using System.Text.RegularExpressions;
using Assistant.Core.Retrieval;
using Assistant.Plugins.Common;
using Assistant.Plugins.Summarize;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Assistant.Tests.Plugins;

public sealed class SummarizePluginTests
{
    private const string English = """
        Nimbus Notes syncs your notes across devices. Sync runs every five minutes when the app is open.

        When sync fails, the app writes a log file. The sync log is stored in the logs folder of your profile.

        Offline edits are kept on the device. They are uploaded by the next sync when the device is back online.

        The company picnic is planned for June. Bring sunscreen and a hat.
        """;

    private const string Korean = """
        님버스 노트는 여러 기기에서 메모를 동기화합니다. 앱이 열려 있으면 동기화는 5분마다 실행됩니다.

        동기화에 실패하면 앱이 로그 파일을 남깁니다. 동기화 로그는 프로필의 logs 폴더에 저장됩니다.

        오프라인에서 고친 메모는 기기에 보관됩니다. 기기가 다시 온라인이 되면 다음 동기화 때 올라갑니다.
        """;

    private static KernelPlugin Prompts() => SummarizePlugin.LoadPrompts(Path.Combine(RepoPaths.Root, "prompts"));

    private static Kernel KernelOver(IChatClient chat)
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(chat);
        return builder.Build();
    }

    private static SummarizePlugin Plugin(SummarizeOptions? options = null) => new(options ?? new SummarizeOptions { PartTokens = 10 }, Prompts());

    private static string Points(params (string Text, int[] Sources)[] points) =>
        JsonSerializer.Serialize(new { points = points.Select(p => new { text = p.Text, sources = p.Sources }) });

    [Fact]
    public async Task Generative_sends_the_numbered_parts_with_every_variable_filled_and_renders_cited_points()
    {
        var chat = new ScriptedChatClient(ScriptedChatClient.Text([Points(("Sync runs every five minutes.", [1]), ("Failures write a sync log.", [2]))]));
        var result = await Plugin().SummarizeTextAsync(KernelOver(chat), English, length: "short", style: "bullets", language: "ko");

        var call = Assert.Single(chat.Calls);
        var system = call.Messages[0].Text;
        Assert.Contains("about 60 words", system);                     // short = 60 words
        Assert.Contains("in Korean", system);                          // the asked output language, by name
        Assert.Contains("Style: bullets", system);
        Assert.Contains("\"minItems\": 1", system);                    // the schema was filled in
        Assert.DoesNotContain("{{$", system);
        Assert.DoesNotContain("rejected", system);                     // no feedback on the first call
        var user = call.Messages[^1].Text;
        Assert.StartsWith("[1] Nimbus Notes syncs your notes", user);
        Assert.Contains("\n\n[4] The company picnic", user);

        Assert.Equal("- Sync runs every five minutes. [1]\n- Failures write a sync log. [2]", result.Summary);
        Assert.Equal(("generative", "ko"), (result.Mode, result.Language));
        Assert.Equal([1, 2], result.Sources.Select(s => s.N));
        var second = result.Sources[1];
        Assert.StartsWith("When sync fails", English[second.Start..second.End]);
        Assert.EndsWith("profile.", English[second.Start..second.End]);
    }

    [Fact]
    public async Task A_point_citing_a_part_that_was_not_given_is_repaired_once_with_the_reason_and_the_reply()
    {
        var bad = Points(("Sync runs every five minutes.", [9]));
        var chat = new ScriptedChatClient(ScriptedChatClient.Text([bad]), ScriptedChatClient.Text(["```json\n" + Points(("Sync runs every five minutes.", [1])) + "\n```"]));
        var result = await Plugin().SummarizeTextAsync(KernelOver(chat), English, style: "paragraph");

        Assert.Equal(2, chat.Calls.Count);
        var repair = chat.Calls[1].Messages[0].Text;
        Assert.Contains("cites [9], but only the passage numbers 1, 2, 3, 4 were given", repair);
        Assert.Contains(bad, repair);
        Assert.Equal(chat.Calls[0].Messages[^1].Text, chat.Calls[1].Messages[^1].Text);   // same passages again
        Assert.Equal("Sync runs every five minutes. [1]", result.Summary);
        Assert.Equal("en", result.Language);
    }

    [Fact]
    public async Task Twice_unusable_is_a_clear_error_after_exactly_two_calls()
    {
        var chat = new ScriptedChatClient(ScriptedChatClient.Text(["Here is your summary: sync is good."]), ScriptedChatClient.Text(["""{"points":[]}"""]));
        var error = await Assert.ThrowsAsync<PluginModelOutputException>(() => Plugin().SummarizeTextAsync(KernelOver(chat), English));
        Assert.Equal(2, chat.Calls.Count);
        Assert.Contains("after one repair retry", error.Message);
        Assert.Contains("/points", error.Message);
    }

    [Fact]
    public async Task Input_over_the_window_goes_through_map_then_reduce_and_keeps_the_original_part_numbers()
    {
        var paragraphs = Enumerable.Range(1, 12).Select(i => $"Topic {i} explains how feature number {i} of the sync engine handles retries, conflicts, and the offline queue in detail for every device type.").ToList();
        var text = string.Join("\n\n", paragraphs.Concat(paragraphs.Select(p => p.Replace("Topic", "Subject"))).Concat(paragraphs.Select(p => p.Replace("Topic", "Theme"))));
        var chat = new ReplyingChatClient(messages =>
        {
            var numbers = Regex.Matches(ReplyingChatClient.UserOf(messages), @"\[(\d+)\]").Select(m => int.Parse(m.Groups[1].Value)).Distinct().ToList();
            return ReplyingChatClient.SystemOf(messages).Contains("take notes", StringComparison.Ordinal)
                ? Points([.. numbers.Select(n => ($"note on topic {n}", new[] { n }))])
                : Points(("All topics cover sync details.", [.. numbers]));
        });
        // Window 900 - reserved 400 = 500 tokens of source per call; each paragraph is one part of about 30 tokens.
        var plugin = new SummarizePlugin(new SummarizeOptions { ContextWindowTokens = 900, ReservedTokens = 400, PartTokens = 30 }, Prompts());
        var result = await plugin.SummarizeTextAsync(KernelOver(chat), text);

        var maps = chat.Calls.Take(chat.Calls.Count - 1).ToList();
        Assert.True(maps.Count >= 2, $"{chat.Calls.Count} calls");
        Assert.All(maps, m => Assert.Contains("take notes", ReplyingChatClient.SystemOf(m)));
        var reduce = chat.Calls[^1];
        Assert.Contains("You summarise a source", ReplyingChatClient.SystemOf(reduce));
        Assert.Contains("[1] note on topic 1", ReplyingChatClient.UserOf(reduce));   // notes keep the number of the part they came from
        Assert.Contains("[36] note on topic 36", ReplyingChatClient.UserOf(reduce));
        Assert.Equal(Enumerable.Range(1, 36), result.Sources.Select(s => s.N));
        Assert.StartsWith("- All topics cover sync details. [1][2][3]", result.Summary);
        var last = result.Sources[^1];
        Assert.Equal(paragraphs[^1].Replace("Topic", "Theme"), text[last.Start..last.End]);
    }

    [Fact]
    public async Task Without_a_model_the_summary_is_extractive_in_the_sources_language_with_korean_sentences()
    {
        var plugin = Plugin();
        Assert.False(plugin.UsesModel(new Kernel()));
        var result = await plugin.SummarizeTextAsync(new Kernel(), Korean, length: "20", style: null, language: "en");

        Assert.Equal(("extractive", "ko"), (result.Mode, result.Language));      // sentences stay in the source's language
        var lines = result.Summary.Split('\n');
        Assert.InRange(lines.Length, 1, 4);
        foreach (var line in lines)
        {
            var match = Regex.Match(line, @"^- (.+) \[(\d)\]$");
            Assert.True(match.Success, line);
            Assert.Contains(match.Groups[1].Value, Korean);                        // a sentence of the source, verbatim
            var source = result.Sources.Single(s => s.N == int.Parse(match.Groups[2].Value));
            Assert.Contains(match.Groups[1].Value, Korean[source.Start..source.End]);
        }
    }

    [Fact]
    public async Task Extractive_ranking_prefers_the_central_sentences_over_the_off_topic_one()
    {
        var result = await Plugin().SummarizeTextAsync(new Kernel(), English, "20", "tldr", null);
        Assert.StartsWith("TL;DR: ", result.Summary);
        Assert.Contains("sync", result.Summary, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("picnic", result.Summary);
        Assert.Equal("en", result.Language);
    }

    [Fact]
    public async Task Extractive_summaries_quote_prose_not_tables_headings_or_code()
    {
        const string markdown = """
            # Settings

            | key | default | meaning |
            | --- | --- | --- |
            | `Sync:Interval` | 5 | minutes between sync runs of every device |
            | `Sync:Retries` | 3 | sync attempts before a device shows an error |

            ```
            sync --now --device laptop
            ```

            Sync runs every five minutes on every device. A device that fails to sync three times shows an error.
            You can start a sync by hand from the menu.
            """;

        var result = await Plugin().SummarizeTextAsync(new Kernel(), markdown, "40", "bullets", null);

        Assert.Contains("Sync runs every five minutes", result.Summary);
        Assert.DoesNotContain("|", result.Summary);
        Assert.DoesNotContain("--now", result.Summary);
        Assert.DoesNotContain("# Settings", result.Summary);
    }

    [Theory]
    [InlineData("", null, null, null, "text")]
    [InlineData("   ", null, null, null, "text")]
    [InlineData("some text", "huge", null, null, "length")]
    [InlineData("some text", "5", null, null, "length")]
    [InlineData("some text", null, "poem", null, "style")]
    [InlineData("some text", null, null, "klingon", "language")]
    public async Task Invalid_arguments_are_rejected_before_any_model_call(string text, string? length, string? style, string? language, string argument)
    {
        var chat = new ScriptedChatClient();
        var error = await Assert.ThrowsAsync<PluginArgumentException>(() => Plugin().SummarizeTextAsync(KernelOver(chat), text, length, style, language));
        Assert.Equal(argument, error.ParamName);
        Assert.StartsWith(argument + ":", error.Message);
        Assert.Empty(chat.Calls);
    }

    [Fact]
    public async Task Text_over_the_configured_limit_and_bad_document_selections_are_refused_before_any_model_call()
    {
        var chat = new ScriptedChatClient();
        var plugin = new SummarizePlugin(new SummarizeOptions { MaxInputChars = 10 }, Prompts());
        var error = await Assert.ThrowsAsync<PluginArgumentException>(() => plugin.SummarizeTextAsync(KernelOver(chat), "longer than ten characters"));
        Assert.Equal("text: 26 characters is over the limit of 10 (Plugins:Summarize:MaxInputChars)", error.Message);

        var neither = await Assert.ThrowsAsync<PluginArgumentException>(() => plugin.SummarizeDocumentsAsync(KernelOver(chat)));
        Assert.StartsWith("documentId: give either", neither.Message);
        var both = await Assert.ThrowsAsync<PluginArgumentException>(() => plugin.SummarizeDocumentsAsync(KernelOver(chat), "abc", "sync"));
        Assert.StartsWith("documentId: give either", both.Message);
        Assert.Empty(chat.Calls);

        var zero = Assert.Throws<PluginArgumentException>(() => new SummarizePlugin(new SummarizeOptions { PartTokens = 0 }));
        Assert.Equal("options: Plugins:Summarize:PartTokens must be at least 1 (it is 0)", zero.Message);
    }

    [Fact]
    public async Task Documents_by_id_and_by_search_cite_the_document_and_its_section()
    {
        using var kb = new TestKnowledgeBase();
        var path = kb.Dir.Combine("sync-guide.md");
        await File.WriteAllTextAsync(path, "# Sync guide\n\n## Logs\n\n" + English);
        await kb.IngestAsync(path);
        var document = Assert.Single(await kb.Store.ListDocumentsAsync(default));
        var plugin = new SummarizePlugin(store: kb.Store, retriever: new KnowledgeRetriever(kb.Store));

        var byId = await plugin.SummarizeDocumentsAsync(new Kernel(), document.Id, null, "short");
        Assert.Equal("extractive", byId.Mode);
        Assert.NotEmpty(byId.Sources);
        Assert.All(byId.Sources, s => Assert.Equal((document.Id, "Sync guide"), (s.DocumentId, s.Title)));
        Assert.Contains(byId.Sources, s => s.Section is not null && s.Section.Contains("Logs"));

        var byQuery = await plugin.SummarizeDocumentsAsync(new Kernel(), null, "sync log");
        Assert.All(byQuery.Sources, s => Assert.Equal(document.Id, s.DocumentId));

        var missing = await Assert.ThrowsAsync<PluginArgumentException>(() => plugin.SummarizeDocumentsAsync(new Kernel(), "no-such-id"));
        Assert.Contains("no document 'no-such-id'", missing.Message);
    }

    [Fact]
    public async Task Library_route_a_plain_kernel_imports_the_plugin_and_invokes_it()
    {
        var kernel = new Kernel();
        kernel.ImportPluginFromObject(new SummarizePlugin(), SummarizePlugin.PluginName);
        var function = kernel.Plugins.GetFunction("Summarizer", "summarize_text");
        Assert.All(function.Metadata.Parameters, p => Assert.False(string.IsNullOrWhiteSpace(p.Description), p.Name));
        Assert.Equal(["text", "length", "style", "language"], function.Metadata.Parameters.Select(p => p.Name));

        var result = (await kernel.InvokeAsync(function, new KernelArguments { ["text"] = English, ["style"] = "paragraph" })).GetValue<SummaryResult>()!;
        Assert.Equal("extractive", result.Mode);
        Assert.Matches(@"\[\d\]$", result.Summary);
    }

    [Fact]
    public void The_prompts_load_through_the_hosts_prompt_library()
    {
        var library = Assistant.Core.KernelHost.PromptLibrary.Load(Path.Combine(RepoPaths.Root, "prompts"));
        Assert.Equal(["Map", "Reduce"], library.Plugins.Single(p => p.Name == "Summarize").Select(f => f.Name).Order());
        Assert.Equal(["Translate"], library.Plugins.Single(p => p.Name == "Translate").Select(f => f.Name));
    }
    [Fact]
    public async Task A_plugin_scoped_to_a_knowledge_base_summarizes_only_that_bases_documents_by_query_and_by_id()
    {
        using var kb = new TestKnowledgeBase();
        kb.Dir.Write("alpha/sync.md", "# Sync\n\nSync runs every five minutes. The alpha sync log is kept for a week.\n");
        kb.Dir.Write("other/sync.md", "# Sync\n\nSync runs every hour. The zanzibar sync log is kept for a month.\n");
        await kb.IngestAsync(new Core.Ingestion.IngestRequest([kb.Dir.Combine("alpha")], KnowledgeBase: "alpha"));
        await kb.IngestAsync(kb.Dir.Combine("other"));
        var documents = await kb.Store.ListDocumentsAsync(CancellationToken.None);
        var outside = documents.Single(d => d.KnowledgeBase == "default").Id;
        var scoped = new SummarizePlugin(new SummarizeOptions(), store: kb.Store, retriever: new KnowledgeRetriever(kb.Store), knowledgeBase: "alpha");

        var byQuery = await scoped.SummarizeDocumentsAsync(new Kernel(), query: "sync log");

        Assert.Contains("alpha", byQuery.Summary);
        Assert.DoesNotContain("zanzibar", byQuery.Summary);
        Assert.All(byQuery.Sources, s => Assert.NotEqual(outside, s.DocumentId));
        var byId = await Assert.ThrowsAsync<PluginArgumentException>(() => scoped.SummarizeDocumentsAsync(new Kernel(), documentId: outside));
        Assert.StartsWith($"documentId: no document '{outside}' in the knowledge base", byId.Message);
        var none = await Assert.ThrowsAsync<PluginArgumentException>(() => scoped.SummarizeDocumentsAsync(new Kernel(), query: "zanzibar"));
        Assert.Equal("query: no document matches 'zanzibar'", none.Message);

        // Unscoped (a host without knowledge bases), every document of the store is readable as before.
        var all = new SummarizePlugin(new SummarizeOptions(), store: kb.Store, retriever: new KnowledgeRetriever(kb.Store));
        Assert.Contains("zanzibar", (await all.SummarizeDocumentsAsync(new Kernel(), documentId: outside)).Summary);
    }
}
