using System.Text.RegularExpressions;

namespace Assistant.Core.KnowledgeBases;

/// <summary>
/// One named knowledge base (a tenant of the server): its own index, so that a key bound to it can never retrieve
/// another's documents. Bound from <c>KnowledgeBases:&lt;name&gt;</c>; "default" is the root <c>DataDirectory</c>
/// (and the root <c>Qdrant:Collection</c>) and needs no entry.
/// </summary>
public sealed class KnowledgeBaseOptions
{
    public const string SectionName = "KnowledgeBases";

    /// <summary>Folder of this base's embedded index and uploads; default <c>&lt;DataDirectory&gt;/kb/&lt;name&gt;</c>.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Qdrant collection of this base when VectorStore is Qdrant; default <c>&lt;Qdrant:Collection&gt;-kb-&lt;name&gt;</c>.</summary>
    public string? QdrantCollection { get; set; }
}

/// <summary>Names of knowledge bases: they become folder and collection names, so only a safe alphabet.</summary>
public static partial class KnowledgeBaseNames
{
    public const string Default = Documents.DocumentRecord.DefaultKnowledgeBase;

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex Valid();

    public static bool IsValid(string? name) => name is not null && Valid().IsMatch(name);

    public static string Describe => "lower-case letters, digits, '-' and '_', at most 64, starting with a letter or digit";
}

/// <summary>A knowledge base name that is not configured under <c>KnowledgeBases</c>.</summary>
public sealed class UnknownKnowledgeBaseException(string name, IReadOnlyList<string> known)
    : InvalidOperationException($"knowledge base '{name}' is not configured (known: {string.Join(", ", known)}); add KnowledgeBases:{name} to the settings")
{
    public string Name { get; } = name;

    public IReadOnlyList<string> Known { get; } = known;
}
