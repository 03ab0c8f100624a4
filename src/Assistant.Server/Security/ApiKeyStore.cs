using System.Security.Cryptography;
using Assistant.Core.KnowledgeBases;
using Microsoft.Extensions.Options;

namespace Assistant.Server.Security;

/// <summary>A configured key as the server holds it: the hash, never the key.</summary>
public sealed record ApiKeyEntry(string Name, byte[] Hash, string Role, string KnowledgeBase, IReadOnlyList<string> AllowedOrigins);

/// <summary>Finds the configured key a presented secret belongs to, comparing hashes in constant time.</summary>
public sealed class ApiKeyStore(IOptions<ServerOptions> options)
{
    private readonly ApiKeyEntry[] _keys =
    [
        .. options.Value.ApiKeys.Select(k => new ApiKeyEntry(
            k.Key,
            ApiKeyHasher.ParseHex(k.Value.Sha256) ?? [],
            k.Value.Role,
            k.Value.KnowledgeBase ?? KnowledgeBaseNames.Default,
            [.. k.Value.AllowedOrigins.Select(o => o.TrimEnd('/'))])),
    ];

    public ApiKeyEntry? Find(string presented)
    {
        var hash = ApiKeyHasher.Hash(presented);
        ApiKeyEntry? match = null;
        // Every entry is compared, and each comparison takes the same time, so timing says nothing about which
        // key (or how much of a hash) matched.
        foreach (var key in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash)) match ??= key;
        }

        return match;
    }
}
