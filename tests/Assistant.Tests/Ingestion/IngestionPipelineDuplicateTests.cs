using System.Text.RegularExpressions;
using Assistant.Core.Ingestion;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Ingestion;

public sealed partial class IngestionPipelineDuplicateTests : IDisposable
{
    private readonly TestKnowledgeBase _kb = new();

    public void Dispose() => _kb.Dispose();

    [Fact]
    public async Task Identical_content_under_another_path_is_skipped_as_a_duplicate()
    {
        var text = "# Notes\n\n" + TextFactory.Prose(10);
        var original = _kb.Dir.Write("docs/a.md", text);
        var copy = _kb.Dir.Write("docs/sub/copy.md", text);

        var report = await _kb.IngestAsync(_kb.Dir.Combine("docs"));

        Assert.Equal(IngestOutcome.Added, report.For(original).Outcome);
        var skipped = report.For(copy);
        Assert.Equal(IngestOutcome.Skipped, skipped.Outcome);
        Assert.Equal($"duplicate of {original} (identical content)", skipped.Reason);
        Assert.Equal(1, _kb.Db.Documents);
        _kb.Db.AssertConsistent();
    }

    [Fact]
    public async Task A_small_edit_of_a_long_text_is_skipped_as_a_near_duplicate_with_its_similarity()
    {
        var text = TextFactory.Prose(11, sentences: 60);
        var original = _kb.Dir.Write("a.txt", text);
        var edited = _kb.Dir.Write("b.txt", TextFactory.SmallEdit(text));

        var report = await _kb.IngestAsync(original, edited);

        Assert.Equal(IngestOutcome.Added, report.For(original).Outcome);
        var skipped = report.For(edited);
        Assert.Equal(IngestOutcome.Skipped, skipped.Outcome);
        var match = NearDuplicateReason().Match(skipped.Reason ?? string.Empty);
        Assert.True(match.Success, skipped.Reason);
        Assert.Equal(original, match.Groups["path"].Value);
        Assert.InRange(double.Parse(match.Groups["similarity"].Value, System.Globalization.CultureInfo.InvariantCulture), _kb.Options.NearDuplicateThreshold, 1.0);
        Assert.Contains("--allow-duplicates", skipped.Reason);
        Assert.Equal(1, _kb.Db.Documents);
    }

    [Fact]
    public async Task Allow_duplicates_indexes_exact_and_near_copies()
    {
        var text = TextFactory.Prose(12, sentences: 60);
        var original = _kb.Dir.Write("a.txt", text);
        var copy = _kb.Dir.Write("copy.txt", text);
        var edited = _kb.Dir.Write("edited.txt", TextFactory.SmallEdit(text));

        var report = await _kb.IngestAsync(new IngestRequest([original, copy, edited], AllowDuplicates: true));

        Assert.All(report.Files, f => Assert.Equal(IngestOutcome.Added, f.Outcome));
        Assert.Equal(3, _kb.Db.Documents);
        _kb.Db.AssertConsistent();
    }

    [Fact]
    public async Task Unrelated_documents_are_both_added()
    {
        var a = _kb.Dir.Write("a.txt", TextFactory.Prose(13));
        var b = _kb.Dir.Write("b.txt", TextFactory.Prose(14));

        var report = await _kb.IngestAsync(a, b);

        Assert.Equal(2, report.Count(IngestOutcome.Added));
    }

    [Fact]
    public async Task A_duplicate_in_a_later_run_is_still_detected_against_the_index()
    {
        var text = TextFactory.Prose(15);
        var original = _kb.Dir.Write("first/a.md", text);
        await _kb.IngestAsync(original);
        var copy = _kb.Dir.Write("second/a.md", text);

        var report = await _kb.IngestAsync(copy);

        Assert.Equal(IngestOutcome.Skipped, report.For(copy).Outcome);
        Assert.StartsWith($"duplicate of {original}", report.For(copy).Reason);
    }

    [GeneratedRegex(@"^near-duplicate of (?<path>.+) \(similarity (?<similarity>[01]\.\d\d)\)")]
    private static partial Regex NearDuplicateReason();
}
