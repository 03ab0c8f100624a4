using System.Security.Cryptography;
using System.Text;

namespace Assistant.Server.Security;

/// <summary>Makes keys and their stored form. Only the SHA-256 is ever stored or compared.</summary>
public static class ApiKeyHasher
{
    /// <summary>Prefix that makes a leaked key recognisable to secret scanners.</summary>
    public const string Prefix = "ask_";

    /// <summary>A new key: the prefix and 32 random bytes, base64url (256 bits of entropy).</summary>
    public static string NewKey() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string HashHex(string key) => Convert.ToHexStringLower(Hash(key));

    /// <summary>Null when <paramref name="hex"/> is not 64 hex digits.</summary>
    public static byte[]? ParseHex(string? hex)
    {
        if (hex is null || hex.Length != 64) return null;
        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
