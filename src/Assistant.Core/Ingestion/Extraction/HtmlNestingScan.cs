namespace Assistant.Core.Ingestion.Extraction;

/// <summary>
/// A linear pass over HTML that estimates how deep elements nest, before AngleSharp parses it: the HTML tree
/// builder checks the stack of open elements for every tag, so 100,000 nested &lt;div&gt;s took a minute to parse
/// (quadratic), while any real page stays within a few dozen levels. Elements whose end tag HTML lets you omit
/// (p, li, td, …) and void elements (br, img, …) are not counted, so sloppy but ordinary markup is not refused.
/// </summary>
internal static class HtmlNestingScan
{
    private static readonly HashSet<string> NotNesting = new(StringComparer.OrdinalIgnoreCase)
    {
        // Void elements.
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        // End tag may be omitted: browsers close them implicitly, so an unclosed run of them does not nest.
        "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "rb", "rt", "rp", "colgroup", "caption", "html", "head", "body",
    };

    /// <summary>The deepest nesting seen, stopping early once it passes <paramref name="limit"/>.</summary>
    public static int MaxDepth(string html, int limit)
    {
        var open = new List<string>();
        var deepest = 0;
        var i = 0;
        while ((i = html.IndexOf('<', i)) >= 0 && i + 1 < html.Length)
        {
            if (html.AsSpan(i).StartsWith("<!--", StringComparison.Ordinal))
            {
                var end = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                if (end < 0) break;
                i = end + 3;
                continue;
            }

            var closing = html[i + 1] == '/';
            var nameStart = closing ? i + 2 : i + 1;
            var nameEnd = nameStart;
            while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] == '-')) nameEnd++;
            var tagEnd = html.IndexOf('>', nameEnd);
            if (tagEnd < 0) break;
            if (nameEnd == nameStart || !char.IsAsciiLetter(html[nameStart]))
            {
                i = tagEnd + 1;
                continue;
            }

            var name = html[nameStart..nameEnd];
            if (closing)
            {
                // Pop to the nearest open element of that name (looking a little way down, as mis-nesting is local).
                for (var k = open.Count - 1; k >= Math.Max(0, open.Count - 16); k--)
                {
                    if (!string.Equals(open[k], name, StringComparison.OrdinalIgnoreCase)) continue;
                    open.RemoveRange(k, open.Count - k);
                    break;
                }
            }
            else if (html[tagEnd - 1] != '/' && !NotNesting.Contains(name))
            {
                open.Add(name);
                deepest = Math.Max(deepest, open.Count);
                if (deepest > limit) return deepest;
                if (name is "script" or "style" or "textarea" or "title")
                {
                    // Raw text: skip to its end tag, markup inside does not count.
                    var end = html.IndexOf("</" + name, tagEnd, StringComparison.OrdinalIgnoreCase);
                    if (end < 0) break;
                    open.RemoveAt(open.Count - 1);
                    i = end + 2;
                    continue;
                }
            }

            i = tagEnd + 1;
        }

        return deepest;
    }
}
