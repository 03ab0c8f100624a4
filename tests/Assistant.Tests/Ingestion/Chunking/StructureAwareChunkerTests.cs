using Assistant.Core.Documents;
using Assistant.Core.Ingestion.Chunking;
using Assistant.Core.Text;

namespace Assistant.Tests.Ingestion.Chunking;

public sealed class StructureAwareChunkerTests
{
    private static readonly string[] Topics = ["latency", "pricing", "accuracy", "memory", "throughput", "licensing", "safety", "tooling"];

    [Fact]
    public void Chunks_never_cross_sections()
    {
        var doc = Doc(
            H(["Costs"], "Costs"),
            P(["Costs"], "Costs are low."),
            H(["Costs", "Tokens"], "Tokens"),
            P(["Costs", "Tokens"], "Tokens cost little."),
            H(["Speed"], "Speed"),
            P(["Speed"], "Speed is high."));

        var chunks = Chunker(target: 512).Chunk("d", doc);

        // Small sections would fit in one chunk; they still get one chunk each.
        Assert.Equal([["Costs"], ["Costs", "Tokens"], ["Speed"]], chunks.Select(c => c.SectionPath.ToArray()));
        Assert.Equal(["Costs\nCosts are low.", "Tokens\nTokens cost little.", "Speed\nSpeed is high."], chunks.Select(c => c.Text));
        Assert.Equal([0, 1, 2], chunks.Select(c => c.Index));
        Assert.All(chunks, c => Assert.Equal("d", c.DocumentId));
    }

    [Fact]
    public void Chunks_never_cross_pages()
    {
        var doc = Doc(P([], "First page text.", page: 1), P([], "More on page one.", page: 1), P([], "Second page text.", page: 2));

        var chunks = Chunker(target: 512).Chunk("d", doc);

        Assert.Equal([1, 2], chunks.Select(c => c.Page ?? 0));
        Assert.Equal("First page text.\nMore on page one.", chunks[0].Text);
        Assert.Equal("Second page text.", chunks[1].Text);
    }

    [Fact]
    public void A_long_english_paragraph_is_split_at_sentence_ends_within_the_target()
    {
        var sentences = Enumerable.Range(1, 40).Select(i => $"Sentence {i} talks about {Topics[i % Topics.Length]} in some detail.").ToList();
        var doc = Doc(P(["Body"], string.Join(" ", sentences)));

        var chunks = Chunker(target: 64, overlap: 0).Chunk("d", doc);

        Assert.True(chunks.Count >= 5, $"expected several chunks, got {chunks.Count}");
        Assert.All(chunks, c =>
        {
            Assert.InRange(O200kTokenCounter.Instance.Count(c.Text), 1, 64);
            Assert.InRange(c.Tokens, 1, 64);
            Assert.StartsWith("Sentence ", c.Text);
            Assert.EndsWith("in some detail.", c.Text);
        });
        // Without overlap every sentence appears exactly once, in order.
        Assert.Equal(sentences, chunks.SelectMany(c => c.Text.Split('\n')));
    }

    [Fact]
    public void A_long_korean_paragraph_is_split_after_da_and_yo_endings()
    {
        var sentences = Enumerable.Range(1, 30)
            .Select(i => i % 2 == 0 ? $"{i}번째 문장은 모델 평가 결과를 설명한다." : $"{i}번째 문장은 비용 절감 방법을 알려줘요.")
            .ToList();
        var doc = Doc(P(["본문"], string.Join(" ", sentences)));

        var chunks = Chunker(target: 64, overlap: 0).Chunk("d", doc);

        Assert.True(chunks.Count >= 5, $"expected several chunks, got {chunks.Count}");
        Assert.All(chunks, c =>
        {
            Assert.InRange(O200kTokenCounter.Instance.Count(c.Text), 1, 64);
            Assert.True(c.Text.EndsWith("다.", StringComparison.Ordinal) || c.Text.EndsWith("요.", StringComparison.Ordinal), c.Text);
        });
        Assert.Equal(sentences, chunks.SelectMany(c => c.Text.Split('\n')));
    }

    [Fact]
    public void Chunk_sizes_are_counted_tokens_so_korean_chunks_hold_their_real_size()
    {
        var sentences = Enumerable.Range(1, 60).Select(i => $"{i}번째 문단은 고객 상담 챗봇의 응답 시간과 비용을 함께 비교한 결과를 정리한다.").ToList();
        var doc = Doc(P(["본문"], string.Join(" ", sentences)));

        var chunks = Chunker(target: 120, overlap: 0).Chunk("d", doc);

        Assert.All(chunks, c => Assert.InRange(c.Tokens, 1, 120));
        // A chunk's count is the sum of its sentences' counts: within a token per seam of a recount of the whole.
        Assert.All(chunks, c => Assert.InRange(O200kTokenCounter.Instance.Count(c.Text) - c.Tokens, -c.Text.Split('\n').Length, c.Text.Split('\n').Length));
        // Full chunks: packing stops only when the next sentence (~20 tokens) would not fit.
        Assert.All(chunks.SkipLast(1), c => Assert.InRange(c.Tokens, 100, 120));
    }

    [Fact]
    public void Only_an_unbreakable_run_longer_than_the_target_is_cut_mid_word()
    {
        var run = new string('x', 600); // 75 tokens in o200k, no whitespace or sentence end
        var doc = Doc(P([], "Short lead sentence. " + run + " Tail sentence."));

        var chunks = Chunker(target: 40, overlap: 0).Chunk("d", doc);

        Assert.All(chunks, c => Assert.InRange(O200kTokenCounter.Instance.Count(c.Text), 1, 40));
        Assert.Equal(run, string.Concat(chunks.Select(c => c.Text.Replace("Short lead sentence.", string.Empty).Replace("Tail sentence.", string.Empty).Replace("\n", string.Empty).Trim())));
    }

    [Fact]
    public void Overlap_repeats_trailing_sentences_of_the_previous_chunk_in_the_same_section()
    {
        var sentences = Enumerable.Range(1, 30).Select(i => $"Fact {i} concerns {Topics[i % Topics.Length]} only.").ToList();
        var doc = Doc(P(["A"], string.Join(" ", sentences)), P(["B"], "Section B starts fresh."));

        var chunks = Chunker(target: 64, overlap: 16).Chunk("d", doc);

        var inA = chunks.Where(c => c.SectionPath.SequenceEqual(["A"])).ToList();
        Assert.True(inA.Count >= 3, $"expected several chunks in A, got {inA.Count}");
        for (var i = 1; i < inA.Count; i++)
        {
            var previous = inA[i - 1].Text.Split('\n');
            var current = inA[i].Text.Split('\n');
            // The next chunk opens with the previous chunk's last sentence(s), within the overlap budget.
            var carried = Enumerable.Range(1, Math.Min(previous.Length, current.Length) - 1)
                .LastOrDefault(k => previous[^k..].SequenceEqual(current[..k]));
            Assert.True(carried >= 1, $"chunk {i} does not repeat the end of chunk {i - 1}");
            Assert.InRange(current[..carried].Sum(O200kTokenCounter.Instance.Count), 1, 16);
            Assert.Equal(previous[^1], current[carried - 1]);
            Assert.InRange(inA[i].Tokens, 1, 64);
        }

        // Overlap never carries text across a section boundary.
        Assert.Equal("Section B starts fresh.", chunks[^1].Text);
        // Every sentence is still covered.
        Assert.Equal(sentences, inA.SelectMany(c => c.Text.Split('\n')).Distinct());
    }

    [Fact]
    public void A_heading_is_never_a_chunk_on_its_own()
    {
        var longParagraph = string.Join(" ", Enumerable.Range(1, 20).Select(i => $"Point {i} explains {Topics[i % Topics.Length]} clearly."));
        var doc = Doc(
            H(["Guide"], "Guide"),
            H(["Guide", "Setup"], "Setup"),
            P(["Guide", "Setup"], longParagraph),
            H(["Guide", "Usage"], "Usage"),
            P(["Guide", "Usage"], longParagraph));

        var chunks = Chunker(target: 48, overlap: 0).Chunk("d", doc);

        Assert.DoesNotContain(chunks, c => c.Text is "Guide" or "Setup" or "Usage" or "Guide\nSetup");
        var setup = Assert.Single(chunks, c => c.Text.StartsWith("Guide\nSetup\n", StringComparison.Ordinal));
        Assert.Contains("Point 1 explains", setup.Text);
        Assert.Equal(["Guide", "Setup"], setup.SectionPath);
        Assert.Single(chunks, c => c.Text.StartsWith("Usage\nPoint 1 explains", StringComparison.Ordinal));
    }

    [Fact]
    public void Offsets_point_into_the_full_text()
    {
        var longParagraph = string.Join(" ", Enumerable.Range(1, 25).Select(i => $"Claim {i} about {Topics[i % Topics.Length]} holds."));
        var doc = Doc(
            H(["Intro"], "Intro"),
            P(["Intro"], "Welcome to the guide."),
            P(["Intro"], longParagraph),
            H(["Intro", "Table"], "Table"),
            new TextBlock("a | b\nc | d", ["Intro", "Table"], null, BlockKind.Table),
            P([], "Page two.", page: 2));
        var full = doc.FullText;

        var chunks = Chunker(target: 40, overlap: 10).Chunk("d", doc);

        Assert.True(chunks.Count >= 4);
        Assert.All(chunks, c =>
        {
            Assert.InRange(c.StartOffset, 0, full.Length - 1);
            Assert.InRange(c.EndOffset, c.StartOffset + 1, full.Length);
            var lines = c.Text.Split('\n');
            Assert.True(full.AsSpan(c.StartOffset).StartsWith(lines[0]), $"chunk {c.Index} does not start at {c.StartOffset}");
            Assert.True(full.AsSpan(0, c.EndOffset).EndsWith(lines[^1]), $"chunk {c.Index} does not end at {c.EndOffset}");
        });
    }

    [Fact]
    public void An_empty_document_has_no_chunks() => Assert.Empty(Chunker(target: 64).Chunk("d", Doc()));

    private static StructureAwareChunker Chunker(int target, int overlap = 0) => new(new ChunkingOptions { TargetTokens = target, OverlapTokens = overlap });

    private static ExtractedDocument Doc(params TextBlock[] blocks) => new("/tmp/doc.md", "md", blocks);

    private static TextBlock H(string[] path, string text) => new(text, path, null, BlockKind.Heading);

    private static TextBlock P(string[] path, string text, int? page = null) => new(text, path, page);
}
