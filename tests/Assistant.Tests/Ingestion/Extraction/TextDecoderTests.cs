using System.Text;
using Assistant.Core.Ingestion.Extraction;

namespace Assistant.Tests.Ingestion.Extraction;

public sealed class TextDecoderTests
{
    [Fact]
    public void Utf8_with_and_without_bom_decodes() =>
        Assert.Equal(["한국어 text", "한국어 text"], new[] { TextDecoder.Decode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("한국어 text")]), TextDecoder.Decode(Encoding.UTF8.GetBytes("한국어 text")) });

    [Fact]
    public void Utf16_with_a_bom_decodes()
    {
        Assert.Equal("환불 policy", TextDecoder.Decode([0xFF, 0xFE, .. Encoding.Unicode.GetBytes("환불 policy")]));
        Assert.Equal("환불 policy", TextDecoder.Decode([0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes("환불 policy")]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Utf16_without_a_bom_is_recognised_instead_of_being_called_binary(bool bigEndian)
    {
        const string text = "Refund policy\r\n환불은 7일 이내에 요청하세요.\r\nContact: support@example.com";
        var bytes = new UnicodeEncoding(bigEndian, byteOrderMark: false).GetBytes(text);

        Assert.Equal(text, TextDecoder.Decode(bytes));
    }

    [Fact]
    public void Binary_with_nul_bytes_on_both_sides_of_each_pair_is_still_binary()
    {
        var bytes = new byte[4096];
        new Random(3).NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i += 7) bytes[i] = 0;

        var ex = Assert.Throws<DocumentRejectedException>(() => TextDecoder.Decode(bytes));

        Assert.StartsWith("binary content", ex.Reason);
    }

    [Fact]
    public void Invalid_utf8_names_the_byte_offset()
    {
        var ex = Assert.Throws<DocumentRejectedException>(() => TextDecoder.Decode([.. Encoding.ASCII.GetBytes("abc"), 0xC3, 0x28, .. Encoding.ASCII.GetBytes("def")]));

        Assert.StartsWith("invalid UTF-8 at byte 3", ex.Reason);
        Assert.Contains("save the file as UTF-8", ex.Reason);
    }

    [Fact]
    public void Many_control_bytes_without_nul_are_binary()
    {
        var bytes = Enumerable.Range(0, 200).Select(i => (byte)(i % 2 == 0 ? 0x01 : 0x41)).ToArray();

        var ex = Assert.Throws<DocumentRejectedException>(() => TextDecoder.Decode(bytes));

        Assert.StartsWith("binary content: 100 control bytes", ex.Reason);
    }

    [Fact]
    public void Latin1_text_that_is_not_korean_is_refused_rather_than_misread()
    {
        Assert.Throws<DocumentRejectedException>(() => TextDecoder.Decode(Encoding.Latin1.GetBytes("Crème brûlée, naïve café façade.")));
    }
}
