using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Assistant.Core.Retrieval;

namespace Assistant.Core.Answering;

/// <summary>Retrieved passages fenced for the prompt, and the nonce their tags carry.</summary>
public sealed record FencedPassages(string Nonce, string Text, IReadOnlyList<int> Ids);

/// <summary>
/// Wraps each retrieved passage in a tag pair the documents cannot imitate:
/// <c>&lt;passage-NONCE id="1" source="faq.md" section="FAQ &amp;gt; Refunds" page="2"&gt;</c> … <c>&lt;/passage-NONCE&gt;</c>.
/// Passage text is data from the user's documents, and a document can hold anything: a line such as
/// <c>[1] faq.md — Billing</c> (the old header format), a closing tag, or "ignore previous instructions". So:
/// the nonce is random per request and never occurs in any passage (a new one is drawn if it does), any
/// <c>&lt;passage</c>/<c>&lt;/passage</c> in the text loses its <c>&lt;</c>, and the metadata — also
/// document-derived: file names, headings — is attribute-escaped on one line. Semantic Kernel then escapes the whole
/// value again for its own <c>&lt;message&gt;</c> parsing, and undoes exactly that, so the model sees this text.
/// </summary>
public static partial class PassageFence
{
    /// <summary>16 hex digits: 64 random bits, so a document written before the question cannot contain the nonce by design.</summary>
    public static string NewNonce() => RandomNumberGenerator.GetHexString(16, lowercase: true);

    /// <param name="newNonce">Draws a nonce; tests pass a script, everything else the random default.</param>
    public static FencedPassages Fence(IReadOnlyList<SearchHit> hits, Func<string>? newNonce = null)
    {
        newNonce ??= NewNonce;
        var nonce = newNonce();
        // A nonce found in any document-derived text could let that text close its own fence: draw again.
        for (var attempt = 0; hits.Any(h => Mentions(h, nonce)); attempt++)
        {
            if (attempt == 100) throw new InvalidOperationException("The nonce generator keeps returning text found in the passages.");
            nonce = newNonce();
        }

        var sb = new StringBuilder();
        foreach (var hit in hits)
        {
            if (sb.Length > 0) sb.Append("\n\n");
            sb.Append(OpeningTag(hit, nonce)).Append(Body(hit.Text)).Append(ClosingTag(nonce));
        }

        return new FencedPassages(nonce, sb.ToString(), hits.Select(h => h.Rank).ToList());
    }

    /// <summary>The line that opens a passage, with its line break: <c>&lt;passage-NONCE id="1" source="…"&gt;</c>.</summary>
    internal static string OpeningTag(SearchHit hit, string nonce)
    {
        var sb = new StringBuilder("<passage-").Append(nonce).Append(" id=\"").Append(hit.Rank).Append('"');
        sb.Append(" source=\"").Append(Attribute(Path.GetFileName(hit.Source))).Append('"');
        if (hit.Section.Length > 0) sb.Append(" section=\"").Append(Attribute(hit.Section)).Append('"');
        if (hit.Page is { } page) sb.Append(" page=\"").Append(page).Append('"');
        return sb.Append(">\n").ToString();
    }

    /// <summary>A passage's text as it stands between its tags.</summary>
    internal static string Body(string text) => Neutralise(text.Trim());

    internal static string ClosingTag(string nonce) => "\n</passage-" + nonce + ">";

    private static bool Mentions(SearchHit hit, string nonce) =>
        hit.Text.Contains(nonce, StringComparison.OrdinalIgnoreCase)
        || hit.Section.Contains(nonce, StringComparison.OrdinalIgnoreCase)
        || hit.Source.Contains(nonce, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// "&lt;passage", "&lt;/passage", "&lt; / PASSAGE-…" become "&amp;lt;passage…": no text can open or close a fence of its
    /// own (it cannot know the nonce either, but a tag without it could still look like a new passage). Other angle
    /// brackets (HTML samples, "a &lt; b") stay as written.
    /// </summary>
    internal static string Neutralise(string text) => FenceTagStart().Replace(text, "&lt;");

    /// <summary>An XML attribute value on one line: a heading or file name cannot end the tag or start a new line.</summary>
    internal static string Attribute(string value)
    {
        var oneLine = ControlCharacters().Replace(value, " ");
        return oneLine
            .Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"<(?=\s*/?\s*passage)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FenceTagStart();

    // Line and paragraph separators too: a model reads them as line breaks.
    [GeneratedRegex(@"[\p{Cc}\u2028\u2029]+")]
    private static partial Regex ControlCharacters();
}
