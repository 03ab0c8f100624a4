using System.Security.Cryptography;
using System.Text;

namespace Assistant.Core.Storage.Qdrant;

/// <summary>
/// Name-based UUIDs (RFC 4122 version 5: SHA-1 over a namespace and a name). The same document id and chunk
/// index always give the same point id, so re-ingesting overwrites points instead of adding duplicates.
/// </summary>
public static class QdrantPointIds
{
    // A fixed, randomly chosen namespace so our ids cannot collide with other v5 users' ids for the same names.
    private static readonly byte[] Namespace = Guid.Parse("6f1c2d3e-8a4b-4c5d-9e6f-7a8b9c0d1e2f").ToByteArray(bigEndian: true);

    public static string ForChunk(string documentId, int chunkIndex) => NameBased($"chunk\n{documentId}\n{chunkIndex}");

    public static string ForDocument(string documentId) => NameBased($"document\n{documentId}");

    internal static string NameBased(string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[Namespace.Length + nameBytes.Length];
        Namespace.CopyTo(input, 0);
        nameBytes.CopyTo(input, Namespace.Length);
        var hash = SHA1.HashData(input);
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true).ToString("D");
    }
}
