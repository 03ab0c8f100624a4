using System.Buffers.Binary;
using Assistant.Core.Ingestion.Deduplication;
using Assistant.Core.Text;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Ingestion.Deduplication;

public sealed class NearDuplicateDetectorTests
{
    [Fact]
    public void Identical_texts_have_similarity_one()
    {
        var text = TextFactory.Prose(1);
        Assert.Equal(1.0, NearDuplicateDetector.Similarity(NearDuplicateDetector.Fingerprint(text), NearDuplicateDetector.Fingerprint(text)));
    }

    [Fact]
    public void A_lightly_edited_copy_is_highly_similar()
    {
        var text = TextFactory.Prose(2, sentences: 60);
        var edited = TextFactory.SmallEdit(text, edits: 3);

        var similarity = NearDuplicateDetector.Similarity(NearDuplicateDetector.Fingerprint(text), NearDuplicateDetector.Fingerprint(edited));

        Assert.InRange(similarity, 0.8, 0.999);
    }

    [Fact]
    public void Formatting_and_case_changes_do_not_lower_similarity()
    {
        var text = TextFactory.Prose(3);
        var reformatted = text.ToUpperInvariant().Replace(". ", ".\n\n");

        Assert.Equal(1.0, NearDuplicateDetector.Similarity(NearDuplicateDetector.Fingerprint(text), NearDuplicateDetector.Fingerprint(reformatted)));
    }

    [Fact]
    public void Unrelated_texts_are_dissimilar()
    {
        var similarity = NearDuplicateDetector.Similarity(
            NearDuplicateDetector.Fingerprint(TextFactory.Prose(4)),
            NearDuplicateDetector.Fingerprint(TextFactory.Prose(5)));

        Assert.InRange(similarity, 0.0, 0.2);
    }

    [Fact]
    public void Korean_edited_copy_is_similar_and_other_korean_text_is_not()
    {
        const string original = "환불 정책은 구매 후 삼십일 이내에 적용됩니다. 영수증이 있어야 하며 포장을 뜯지 않은 상품만 가능합니다. 배송비는 고객이 부담합니다. 디지털 상품은 환불되지 않습니다. 문의는 고객센터로 해 주세요.";
        var edited = original.Replace("삼십일", "이십일");
        const string other = "서버 점검은 매주 화요일 새벽에 진행됩니다. 점검 중에는 로그인이 제한되며 공지사항을 확인해 주세요. 긴급 점검은 별도로 안내합니다.";

        var fp = NearDuplicateDetector.Fingerprint(original);

        Assert.InRange(NearDuplicateDetector.Similarity(fp, NearDuplicateDetector.Fingerprint(edited)), 0.75, 0.999);
        Assert.InRange(NearDuplicateDetector.Similarity(fp, NearDuplicateDetector.Fingerprint(other)), 0.0, 0.1);
    }

    [Fact]
    public void Fingerprints_are_512_bytes_and_empty_text_matches_nothing()
    {
        var fp = NearDuplicateDetector.Fingerprint("short");
        var empty = NearDuplicateDetector.Fingerprint(string.Empty);

        Assert.Equal(512, Convert.FromBase64String(fp).Length);
        Assert.Equal(0.0, NearDuplicateDetector.Similarity(empty, empty));
        Assert.Equal(0.0, NearDuplicateDetector.Similarity(fp, empty));
    }

    [Fact]
    public void Fingerprints_match_the_scalar_minhash_so_stored_fingerprints_stay_comparable()
    {
        // Indexes keep fingerprints from earlier versions: the SIMD implementation must produce the same bytes.
        string[] texts =
        [
            TextFactory.Prose(6, sentences: 40),
            "환불 정책은 구매 후 삼십일 이내에 적용됩니다. Refunds need a receipt; 영수증이 있어야 합니다.",
            "short",
            "책",
            string.Empty,
        ];

        foreach (var text in texts)
        {
            Assert.Equal(ReferenceFingerprint(text), NearDuplicateDetector.Fingerprint(text));
        }
    }

    [Fact]
    public void Similarity_is_the_same_for_equal_fingerprints_held_in_different_strings()
    {
        var a = NearDuplicateDetector.Fingerprint(TextFactory.Prose(7));
        var b = NearDuplicateDetector.Fingerprint(TextFactory.SmallEdit(TextFactory.Prose(7), edits: 2));
        var expected = NearDuplicateDetector.Similarity(a, b);

        Assert.Equal(expected, NearDuplicateDetector.Similarity(new string(a.AsSpan()), new string(b.AsSpan())));
        Assert.Equal(expected, NearDuplicateDetector.Similarity(b, a));
    }

    /// <summary>The original one-hash-at-a-time implementation.</summary>
    private static string ReferenceFingerprint(string text)
    {
        var mins = new ulong[64];
        Array.Fill(mins, ulong.MaxValue);
        var window = new Queue<string>(2);
        var any = false;
        foreach (var term in TextAnalyzer.Terms(text))
        {
            window.Enqueue(term);
            if (window.Count > 2) window.Dequeue();
            if (window.Count == 2)
            {
                Add(Fnv1a(window));
                any = true;
            }
        }

        if (!any && window.Count > 0) Add(Fnv1a(window));
        var bytes = new byte[64 * 8];
        for (var i = 0; i < 64; i++) BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), mins[i]);
        return Convert.ToBase64String(bytes);

        void Add(ulong hash)
        {
            for (var i = 0; i < mins.Length; i++)
            {
                var z = hash ^ ((ulong)i * 0x9E3779B97F4A7C15UL);
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                z ^= z >> 31;
                if (z < mins[i]) mins[i] = z;
            }
        }

        static ulong Fnv1a(IEnumerable<string> terms)
        {
            var hash = 14695981039346656037UL;
            foreach (var term in terms)
            {
                foreach (var c in term) hash = (hash ^ c) * 1099511628211UL;
                hash = (hash ^ 0x1F) * 1099511628211UL;
            }

            return hash;
        }
    }
}
