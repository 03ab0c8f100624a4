using System.Text;

namespace Assistant.Core.Ingestion.Normalization;

/// <summary>
/// Normalises extracted text: line breaks to \n, control characters removed (tab and newline kept, the record
/// separator kept on request), a leading byte-order mark dropped, lone surrogates replaced by U+FFFD, then NFC.
/// Run it after <see cref="MojibakeRepairer"/>: repair needs the C1 controls some damaged copies still carry.
/// </summary>
public static class TextCleaner
{
    /// <summary>U+001E, which the document normaliser puts between blocks so they can be repaired in one pass.</summary>
    public const char RecordSeparator = '\u001E';

    public static string Clean(string text, bool keepRecordSeparator = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\r':
                    sb.Append('\n');
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                case '\n' or '\t':
                    sb.Append(c);
                    break;
                case RecordSeparator when keepRecordSeparator:
                    sb.Append(c);
                    break;
                case '\uFEFF' when i == 0:
                    break;
                default:
                    if (char.IsControl(c))
                    {
                        break;
                    }

                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[++i]);
                    }
                    else
                    {
                        sb.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
                    }

                    break;
            }
        }

        var cleaned = sb.ToString();
        return cleaned.IsNormalized(NormalizationForm.FormC) ? cleaned : cleaned.Normalize(NormalizationForm.FormC);
    }
}
