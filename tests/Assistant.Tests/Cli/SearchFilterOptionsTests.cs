using System.Text.Json;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

/// <summary>`search`/`ask` --kb, --tag, --under and --doc through the real CLI, over documents ingested with --kb and --tag.</summary>
public sealed class SearchFilterOptionsTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    public async Task InitializeAsync()
    {
        _dir.Write("hr/leave.md", "# Leave\n\nEmployees get 25 days of paid leave per year.\n");
        _dir.Write("support/leave-faq.md", "# Leave FAQ\n\nCustomers can leave the beta programme at any time.\n");
        _dir.Write("support/ko.md", "# 휴가\n\n휴가 신청은 일주일 전에 해야 합니다. leave\n");
        Assert.Equal(0, (await Run("ingest", "hr", "--kb", "internal", "--tag", "hr")).ExitCode);
        Assert.Equal(0, (await Run("ingest", "support", "--kb", "public", "--tag", "support")).ExitCode);
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    private Task<CliResult> Run(params string[] args) => CliProcess.RunAsync(_dir.Path, [.. args, "--data", "idx"]);

    private async Task<string[]> Sources(params string[] filter)
    {
        var result = await Run(["search", "leave", "--json", .. filter]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        return json.RootElement.EnumerateArray().Select(h => h.GetProperty("source").GetString()!).Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public async Task Filters_restrict_search_to_the_knowledge_base_tags_folder_and_documents_given()
    {
        Assert.Equal(["hr/leave.md", "support/ko.md", "support/leave-faq.md"], await Sources());
        Assert.Equal(["hr/leave.md"], await Sources("--kb", "internal"));
        Assert.Equal(["support/ko.md", "support/leave-faq.md"], await Sources("--tag", "support"));
        Assert.Equal(["hr/leave.md", "support/ko.md", "support/leave-faq.md"], await Sources("--tag", "support", "--tag", "hr"));
        Assert.Equal(["support/ko.md", "support/leave-faq.md"], await Sources("--under", "support"));
        Assert.Equal(["support/leave-faq.md"], await Sources("--under", "support/leave-faq.md"));
        Assert.Empty(await Sources("--kb", "internal", "--tag", "support"));

        var docs = await Run("docs", "list", "--json");
        using var list = JsonDocument.Parse(docs.StdOut);
        var id = list.RootElement.EnumerateArray().Single(d => d.GetProperty("source").GetString() == "support/ko.md").GetProperty("id").GetString()!;
        Assert.Equal(["support/ko.md"], await Sources("--doc", id));
    }

    [Fact]
    public async Task Ask_uses_the_same_filters()
    {
        var result = await Run("ask", "How many days of paid leave?", "--kb", "public", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        Assert.DoesNotContain("hr/leave.md", json.RootElement.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task An_empty_kb_is_a_usage_error()
    {
        var result = await Run("search", "leave", "--kb", "");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--kb needs a knowledge base name", result.StdErr);
    }
}
