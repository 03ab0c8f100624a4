using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;

namespace Assistant.Server.Widget;

/// <summary>
/// The embeddable widget's two files, built into the assembly so <c>assistant serve</c>, <c>dotnet run</c> and a
/// published build all serve the same bytes with no web root to configure. Each has a strong ETag (a hash of its
/// bytes), so browsers revalidate cheaply after the short cache time.
/// </summary>
public sealed partial class WidgetAssets
{
    public const string ScriptPath = "/widget.js";
    public const string PagePath = "/widget";

    public WidgetAssets()
    {
        Script = Load("widget.js", "text/javascript; charset=utf-8");
        Page = Load("widget.html", "text/html; charset=utf-8");
        // The page's one inline script is allowed by its hash, so the page can have a strict policy.
        var inline = InlineScript().Match(Encoding.UTF8.GetString(Page.Bytes)).Groups["body"].Value;
        PagePolicy = "default-src 'none'; script-src 'self' 'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)))
            + "'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";
    }

    public WidgetAsset Script { get; }

    public WidgetAsset Page { get; }

    /// <summary>Content-Security-Policy of the /widget page.</summary>
    public string PagePolicy { get; }

    private static WidgetAsset Load(string name, string contentType)
    {
        using var stream = typeof(WidgetAssets).Assembly.GetManifestResourceStream("widget/" + name)
            ?? throw new InvalidOperationException($"the widget's {name} is not embedded in {typeof(WidgetAssets).Assembly.GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        return new WidgetAsset(bytes, contentType, new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..32] + "\""));
    }

    [GeneratedRegex("<script>(?<body>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}

public sealed record WidgetAsset(byte[] Bytes, string ContentType, EntityTagHeaderValue ETag)
{
    /// <summary>200 with the bytes, or 304 when the browser already has this version.</summary>
    public IResult Serve(HttpContext context)
    {
        var headers = context.Response.GetTypedHeaders();
        headers.ETag = ETag;
        headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromMinutes(5) };
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var known = context.Request.GetTypedHeaders().IfNoneMatch;
        return known.Any(tag => tag.Compare(ETag, useStrongComparison: false) || tag.Equals(EntityTagHeaderValue.Any))
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(Bytes, ContentType);
    }
}
