using System.Text;

namespace Assistant.Core.Ingestion.Extraction;

/// <summary>
/// Joins a PDF paragraph's lines into one string, mending line-end hyphenation ("docu-" + "ment" → "document").
/// </summary>
/// <remarks>
/// A PDF does not say whether a line-end hyphen was inserted by the typesetter or belongs to the word ("e-mail",
/// "well-known"), so the document itself decides: the hyphen stays when the hyphenated form appears elsewhere in the
/// document and the joined one does not, or when the part before it is a single letter ("e-", "x-"); it also stays,
/// without a space, when the next line does not start with a lower-case letter ("GPT-" + "4o", "Anti-" + "American").
/// Otherwise it is dropped, as typesetters hyphenate far more words than they break at a real hyphen.
/// Korean lines wrap at spaces and carry no hyphens, so they are joined with a space.
/// </remarks>
internal sealed class PdfLineJoiner
{
    private readonly HashSet<string> _vocabulary = new(StringComparer.OrdinalIgnoreCase);

    public PdfLineJoiner(IEnumerable<string> documentLines)
    {
        foreach (var line in documentLines)
        {
            foreach (var word in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var trimmed = word.Trim(TrimmedPunctuation);
                if (trimmed.Length > 1) _vocabulary.Add(trimmed);
            }
        }
    }

    private static readonly char[] TrimmedPunctuation = ['.', ',', ';', ':', '!', '?', '(', ')', '[', ']', '"', '\'', '“', '”', '‘', '’'];

    public string Join(IReadOnlyList<string> lines)
    {
        var sb = new StringBuilder();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            if (sb.Length > 0) AppendBreak(sb, line);
            sb.Append(line);
        }

        return sb.ToString();
    }

    private void AppendBreak(StringBuilder sb, string next)
    {
        if (sb[^1] == '\u00AD')
        {
            sb.Length--; // a soft hyphen marks a break inside a word by definition
            return;
        }

        var word = HyphenatedWord(sb);
        if (word is null)
        {
            sb.Append(' ');
            return;
        }

        if (!char.IsLower(next[0])) return; // keep "GPT-" + "4o" as "GPT-4o"
        var suffixLength = 0;
        while (suffixLength < next.Length && char.IsLetter(next[suffixLength])) suffixLength++;
        var suffix = next[..suffixLength];
        var keepHyphen = word.Length == 1
            || word.Contains('-') // "state-of-the-" + "art": already a compound
            || (_vocabulary.Contains(word + "-" + suffix) && !_vocabulary.Contains(word + suffix));
        if (!keepHyphen) sb.Length--; // drop the typesetter's hyphen
    }

    /// <summary>The word before a line-end hyphen ("docu" of "the docu-"), or null when the line does not end in one.</summary>
    private static string? HyphenatedWord(StringBuilder sb)
    {
        if (sb.Length < 2 || sb[^1] != '-' || !char.IsLetter(sb[^2])) return null;
        var start = sb.Length - 1;
        while (start > 0 && !char.IsWhiteSpace(sb[start - 1])) start--;
        return sb.ToString(start, sb.Length - 1 - start).TrimStart(TrimmedPunctuation);
    }
}
