using Assistant.Core.Ingestion;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Ingestion;

/// <summary>
/// The real seed documents (../shared/seeds): Korean notes about LLMs, two of which are mojibake, UTF-8 that was
/// once decoded with a legacy code page and saved again (000: Greek cp1253 damage of 001's text; 004: Western
/// cp1252 damage). They must never fail, and must never be indexed garbled.
/// </summary>
public sealed class SeedIngestionTests : IDisposable
{
    private const string GreekDamaged = "000_b0ba1976c5645864.txt";
    private const string Clean1 = "001_6c157d625bca897a.txt";
    private const string Clean2 = "002_86057cb0906a4ec2.txt";
    private const string Clean3 = "003_fa26ed3f9ccd6d3d.txt";
    private const string WesternDamaged = "004_a5f3fcc0c49291d5.txt";

    private readonly TestKnowledgeBase _kb = new();

    public void Dispose() => _kb.Dispose();

    [SeedsFact]
    public async Task All_five_seeds_are_accounted_for_and_none_fails()
    {
        var report = await _kb.IngestAsync(RepoPaths.Seeds!);

        Assert.Equal(5, report.Files.Count);
        Assert.All(report.Files, f => Assert.True(
            f.Outcome == IngestOutcome.Added || (f.Outcome == IngestOutcome.Skipped && f.Reason!.StartsWith("near-duplicate of", StringComparison.Ordinal)),
            $"{Path.GetFileName(f.Path)}: {f.Outcome} {f.Reason}"));
        Assert.Equal(IngestOutcome.Added, Result(report, Clean2).Outcome);
        Assert.Equal(IngestOutcome.Added, Result(report, Clean3).Outcome);
        // 001's text is indexed: as 001 itself, or, once mojibake repair lands, possibly as the repaired 000
        // (which comes first in the folder) with 001 then skipped as its near-duplicate.
        var clean1 = Result(report, Clean1);
        if (clean1.Outcome != IngestOutcome.Added)
        {
            Assert.Contains(GreekDamaged, clean1.Reason);
            Assert.NotNull(Result(report, GreekDamaged).RecoveredShare);
        }

        // A clean original that replaces its repaired damaged copy removes that copy from the index.
        var replaced = report.Files.Count(f => f.Reason?.StartsWith("replaces ", StringComparison.Ordinal) == true);
        Assert.Equal(report.Count(IngestOutcome.Added) - replaced, _kb.Db.Documents);
        _kb.Db.AssertConsistent();
    }

    [SeedsFact]
    public async Task Mojibake_seeds_are_repaired_or_flagged_as_near_duplicates()
    {
        var report = await _kb.IngestAsync(RepoPaths.Seeds!);

        foreach (var name in new[] { GreekDamaged, WesternDamaged })
        {
            var result = Result(report, name);
            var repaired = result.Outcome == IngestOutcome.Added && result.RecoveredShare is > 0;
            var flagged = result.Outcome == IngestOutcome.Skipped && result.Reason!.StartsWith("near-duplicate of", StringComparison.Ordinal);
            Assert.True(repaired || flagged, $"{name} was neither repaired nor flagged: {result.Outcome} (recovered {result.RecoveredShare}) {result.Reason}");
        }

        var western = Result(report, WesternDamaged);
        if (western.Outcome == IngestOutcome.Added)
        {
            Assert.Contains("완전 정복", StoredText(western.DocumentId!));
        }
    }

    [SeedsFact]
    public async Task No_indexed_seed_is_garbled()
    {
        var report = await _kb.IngestAsync(RepoPaths.Seeds!);

        foreach (var added in report.Files.Where(f => f.Outcome is IngestOutcome.Added))
        {
            var share = MojibakeShare(StoredText(added.DocumentId!));
            Assert.True(share <= _kb.Options.MaxGarbageShare, $"{Path.GetFileName(added.Path)} was indexed with {share:P1} mojibake letters");
        }
    }

    [Fact]
    public void The_mojibake_measure_tells_damaged_korean_from_clean_korean()
    {
        Assert.Equal(0.0, MojibakeShare("오픈소스 LLM은 모델의 파라미터가 공개되어 있다."));
        Assert.InRange(MojibakeShare("오픈소스 LLM은 모델의 파라미터가 공개되어 있다. Café"), 0.0, 0.05);
        Assert.InRange(MojibakeShare("μ¤ν”μ†μ¤μ™€ μƒμ© LLM"), 0.5, 1.0);
        Assert.InRange(MojibakeShare("LLM (Large Language Model) ì™„ì „ ì •ë³µ ê°€ì´ë“œ"), 0.2, 1.0);
    }

    /// <summary>
    /// Share of letters that are Latin-1 accented letters, Greek letters or U+FFFD: almost none in real Korean
    /// or English notes, most of the letters in UTF-8 Korean misread as cp1252 or cp1253.
    /// </summary>
    internal static double MojibakeShare(string text)
    {
        var letters = 0;
        var suspicious = 0;
        foreach (var c in text)
        {
            if (c == '\uFFFD')
            {
                suspicious++;
                letters++;
            }
            else if (char.IsLetter(c))
            {
                letters++;
                if (c is >= '\u00C0' and <= '\u00FF' or >= '\u0370' and <= '\u03FF') suspicious++;
            }
        }

        return letters == 0 ? 0 : (double)suspicious / letters;
    }

    private string StoredText(string documentId) =>
        string.Join("\n", _kb.Db.Rows($"SELECT text FROM chunks WHERE document_id = '{documentId}' ORDER BY idx", r => r.GetString(0)));

    private static IngestFileResult Result(IngestReport report, string name) => report.For(Path.Combine(RepoPaths.Seeds!, name));
}
