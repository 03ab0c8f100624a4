using System.Globalization;
using System.Text;
using Assistant.Core.KnowledgeBases;
using Microsoft.Extensions.Options;

namespace Assistant.Server.Apis;

/// <summary>
/// Turns a source into an address people can open: the knowledge base's <c>Server:SourceLinks</c> base, the
/// document's path under it, and the section's heading as a fragment (the anchor most static-site and Markdown
/// renderers give a heading). Sources that are web addresses already link to themselves.
/// </summary>
public sealed class SourceLinks(IOptions<ServerOptions> options)
{
    public string? For(KnowledgeBase kb, string displaySource, string section)
    {
        if (Uri.TryCreate(displaySource, UriKind.Absolute, out var web) && web.Scheme is "http" or "https") return web.AbsoluteUri;
        if (!options.Value.SourceLinks.TryGetValue(kb.Name, out var root)) return null;

        var path = string.Join('/', displaySource.Split('/').Select(Uri.EscapeDataString));
        var anchor = Anchor(section);
        return root.TrimEnd('/') + "/" + path + (anchor.Length > 0 ? "#" + anchor : "");
    }

    /// <summary>
    /// The innermost heading of "Guide &gt; Returns &gt; Refunds" as a GitHub-style anchor: lower case, letters
    /// (Korean included), digits, '-' and '_' kept, spaces to '-', everything else dropped.
    /// </summary>
    public static string Anchor(string section)
    {
        var heading = section.Split(" > ", StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        var anchor = new StringBuilder(heading.Length);
        foreach (var c in heading.Trim().ToLower(CultureInfo.InvariantCulture))
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_') anchor.Append(c);
            else if (c == ' ') anchor.Append('-');
        }

        return Uri.EscapeDataString(anchor.ToString());
    }
}
