using Assistant.Core.Ingestion.Deduplication;
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
}
