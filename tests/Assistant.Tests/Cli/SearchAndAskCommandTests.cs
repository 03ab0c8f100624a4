using System.Text.Json;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Cli;

/// <summary>`assistant search` and `assistant ask` through a real process over an index built once for the class.</summary>
public sealed class SearchAndAskCommandTests(SearchAndAskCommandTests.IndexedCorpus corpus) : IClassFixture<SearchAndAskCommandTests.IndexedCorpus>
{
    [Fact]
    public async Task Search_json_is_an_array_of_hits_with_the_documented_fields()
    {
        var result = await Run("search", "refund policy", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        var hits = json.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(hits);
        Assert.Equal(["rank", "score", "documentId", "source", "section", "page", "text"], hits[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(Enumerable.Range(1, hits.Count), hits.Select(h => h.GetProperty("rank").GetInt32()));
        var top = hits[0];
        Assert.Equal("docs/refund.md", top.GetProperty("source").GetString());
        Assert.Equal("Refunds > Policy", top.GetProperty("section").GetString());
        Assert.Equal(JsonValueKind.Null, top.GetProperty("page").ValueKind);
        Assert.Contains("within 30 days", top.GetProperty("text").GetString());
        Assert.True(top.GetProperty("score").GetDouble() > 0);
        Assert.Equal(16, top.GetProperty("documentId").GetString()!.Length);
    }

    [Fact]
    public async Task Search_json_gives_pdf_hits_their_page_number()
    {
        var result = await Run("search", "warranty", "--json");

        using var json = JsonDocument.Parse(result.StdOut);
        var hit = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("docs/manual.pdf", hit.GetProperty("source").GetString());
        Assert.Equal(2, hit.GetProperty("page").GetInt32());
    }

    [Fact]
    public async Task Search_finds_korean_two_syllable_words()
    {
        var result = await Run("search", "영수증", "--json");

        using var json = JsonDocument.Parse(result.StdOut);
        Assert.Equal("docs/ko.md", json.RootElement.EnumerateArray().First().GetProperty("source").GetString());
    }

    [Fact]
    public async Task Search_with_no_match_prints_an_empty_array()
    {
        var result = await Run("search", "zzzunknownword", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("[]", result.StdOut.Trim());
    }

    [Fact]
    public async Task Search_top_limits_the_hits()
    {
        var result = await Run("search", "refund 환불 warranty", "--json", "--top", "1");

        using var json = JsonDocument.Parse(result.StdOut);
        Assert.Single(json.RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Ask_json_answers_with_numbered_sources()
    {
        var result = await Run("ask", "What is the refund policy?", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;
        Assert.Equal("extractive", root.GetProperty("mode").GetString());
        Assert.True(root.GetProperty("found").GetBoolean());
        var answer = root.GetProperty("answer").GetString()!;
        Assert.Contains("within 30 days", answer);
        Assert.Contains("[1]", answer);
        var sources = root.GetProperty("sources").EnumerateArray().ToList();
        Assert.NotEmpty(sources);
        Assert.Equal(Enumerable.Range(1, sources.Count), sources.Select(s => s.GetProperty("n").GetInt32()));
        Assert.Equal("docs/refund.md", sources[0].GetProperty("source").GetString());
        foreach (var field in new[] { "rank", "score", "documentId", "section", "page", "text" }) Assert.True(sources[0].TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task Ask_prints_the_answer_and_its_citation()
    {
        var result = await Run("ask", "What is the refund policy?");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("within 30 days", result.StdOut);
        Assert.Contains("[1] docs/refund.md — Refunds > Policy", result.StdOut);
    }

    [Fact]
    public async Task Redirected_output_has_no_colour_codes_and_no_wrapping_even_without_NO_COLOR()
    {
        var result = await CliProcess.RunAsync(corpus.Dir.Path, new Dictionary<string, string?> { ["NO_COLOR"] = null, ["COLUMNS"] = null }, "ask", "What is the refund policy?", "--data", "idx");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain('\u001b', result.StdOut);
        Assert.Contains("[1] docs/refund.md — Refunds > Policy", result.StdOut);
    }

    [Fact]
    public async Task The_no_model_notice_goes_to_stderr_and_stays_in_the_json()
    {
        var text = await Run("ask", "What is the refund policy?");
        var json = await Run("ask", "What is the refund policy?", "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.DoesNotContain("No chat model is configured", text.StdOut);
        Assert.Contains(text.StdErr.Split('\n'), line => line.StartsWith("No chat model is configured", StringComparison.Ordinal) && line.Contains("generated answers.", StringComparison.Ordinal));
        // --json: stdout is the one object, and the notice is its "notice" field.
        using var doc = JsonDocument.Parse(json.StdOut);
        Assert.StartsWith("No chat model is configured", doc.RootElement.GetProperty("notice").GetString());
    }

    [Fact]
    public async Task An_unknown_mode_is_a_usage_error_listing_the_modes()
    {
        var result = await Run("search", "refund", "--mode", "fuzzy");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error: --mode fuzzy: unknown mode (use one of hybrid, keyword, dense)", result.StdErr);
        Assert.DoesNotContain("SearchMode", result.StdErr);
    }

    [Fact]
    public async Task Modes_are_accepted_by_name_in_any_case()
    {
        var result = await Run("search", "refund", "--mode", "KEYWORD", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        Assert.NotEmpty(json.RootElement.EnumerateArray());
    }

    [Fact]
    public async Task A_question_the_documents_do_not_answer_says_so_in_english()
    {
        var result = await Run("ask", "What is the boiling point of mercury?", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        Assert.False(json.RootElement.GetProperty("found").GetBoolean());
        Assert.Equal("The documents don't say: nothing in the index answers this question.", json.RootElement.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task A_korean_question_the_documents_do_not_answer_says_so_in_korean()
    {
        var result = await Run("ask", "양자 컴퓨터의 냉각 온도는 얼마인가요?", "--json");

        using var json = JsonDocument.Parse(result.StdOut);
        Assert.False(json.RootElement.GetProperty("found").GetBoolean());
        Assert.Equal("문서에서 이 질문에 대한 답을 찾지 못했습니다.", json.RootElement.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task A_korean_question_with_a_particle_finds_the_korean_passage()
    {
        var result = await Run("ask", "환불 정책은 무엇인가요?", "--json");

        using var json = JsonDocument.Parse(result.StdOut);
        Assert.True(json.RootElement.GetProperty("found").GetBoolean(), result.StdOut);
        Assert.Contains("영수증", json.RootElement.GetProperty("answer").GetString());
    }

    [Theory]
    [InlineData("search", "refund", "--top", "0")]
    [InlineData("search", "refund", "--top", "51")]
    [InlineData("ask", "refund?", "--top", "0")]
    [InlineData("search", "refund", "--bogus")]
    [InlineData("search")]
    [InlineData("frobnicate")]
    [InlineData("search", "refund", "--mode", "fuzzy")]
    [InlineData("search", "  ")]
    [InlineData("ask", "")]
    public async Task Usage_errors_exit_with_two(params string[] args)
    {
        var result = await Run(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error", result.StdErr.TrimStart());
        Assert.Equal(string.Empty, result.StdOut.Trim());
    }

    [Fact]
    public async Task Dense_search_without_an_embedding_model_fails_with_a_clear_message()
    {
        var result = await Run("search", "refund", "--mode", "dense");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("embedding model", result.StdErr);
    }

    private Task<CliResult> Run(params string[] args) => CliProcess.RunAsync(corpus.Dir.Path, [.. args, "--data", "idx"]);

    /// <summary>Markdown (English and Korean) and a two-page PDF, ingested once through the CLI.</summary>
    public sealed class IndexedCorpus : IAsyncLifetime
    {
        public TempDir Dir { get; } = new();

        public async Task InitializeAsync()
        {
            Dir.Write("docs/refund.md", "# Refunds\n\n## Policy\n\nRefunds are accepted within 30 days of purchase with a receipt.\n\n## Shipping\n\nShipping takes five business days.\n");
            Dir.Write("docs/ko.md", "# 환불 정책\n\n환불은 구매 후 30일 이내에 영수증이 있으면 가능합니다.\n");
            Dir.WriteBytes("docs/manual.pdf", MiniPdf.Create("Setup instructions for the device.", "The warranty lasts two years from delivery."));
            var result = await CliProcess.RunAsync(Dir.Path, "ingest", "docs", "--data", "idx");
            if (result.ExitCode != 0) throw new InvalidOperationException("could not build the test index: " + result);
        }

        public Task DisposeAsync()
        {
            Dir.Dispose();
            return Task.CompletedTask;
        }
    }
}
