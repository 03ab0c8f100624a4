using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Assistant.Tests.TestSupport;

/// <summary>
/// Writes a one-page PDF protected by a user password with the PDF 1.4 standard security handler (revision 2, RC4 with a
/// 40-bit key; ISO 32000-1 §7.6.3, algorithms 2–4), so a reader needs the password to open it. Test-only: RC4 and MD5
/// are what that revision of the format prescribes, not a choice.
/// </summary>
public static class EncryptedPdf
{
    private static readonly byte[] Padding = Convert.FromHexString("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A");

    public static byte[] Create(string text, string userPassword, string ownerPassword = "owner")
    {
        var id = MD5.HashData(Encoding.ASCII.GetBytes(text + userPassword));
        const int permissions = -4;
        var owner = Rc4(MD5.HashData(Pad(ownerPassword))[..5], Pad(userPassword)); // algorithm 3
        var key = MD5.HashData([.. Pad(userPassword), .. owner, .. BitConverter.GetBytes(permissions), .. id])[..5]; // algorithm 2
        var user = Rc4(key, Padding); // algorithm 4

        var content = Encoding.ASCII.GetBytes($"BT\n/F1 12 Tf\n72 720 Td\n({text}) Tj\nET");
        var encrypted = Rc4(ObjectKey(key, 5), content);
        var objects = new List<byte[]>
        {
            Latin1("<< /Type /Catalog /Pages 2 0 R >>"),
            Latin1("<< /Type /Pages /Kids [4 0 R] /Count 1 >>"),
            Latin1("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
            Latin1("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>"),
            Latin1($"<< /Length {encrypted.Length} >>\nstream\n").Concat(encrypted).Concat(Latin1("\nendstream")).ToArray(),
            Latin1($"<< /Filter /Standard /V 1 /R 2 /O <{Convert.ToHexString(owner)}> /U <{Convert.ToHexString(user)}> /P {permissions} >>"),
        };

        using var pdf = new MemoryStream();
        pdf.Write(Latin1("%PDF-1.4\n"));
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Position);
            pdf.Write(Latin1($"{i + 1} 0 obj\n"));
            pdf.Write(objects[i]);
            pdf.Write(Latin1("\nendobj\n"));
        }

        var xref = pdf.Position;
        var trailer = new StringBuilder().Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) trailer.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        var hexId = Convert.ToHexString(id);
        trailer.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R /Encrypt 6 0 R /ID [<{hexId}> <{hexId}>] >>\nstartxref\n{xref}\n%%EOF\n");
        pdf.Write(Latin1(trailer.ToString()));
        return pdf.ToArray();
    }

    private static byte[] Pad(string password) => [.. Encoding.Latin1.GetBytes(password).Take(32), .. Padding.Take(Math.Max(0, 32 - password.Length))];

    /// <summary>Algorithm 1: the key for one object's strings and streams (generation 0).</summary>
    private static byte[] ObjectKey(byte[] key, int objectNumber) =>
        MD5.HashData([.. key, (byte)objectNumber, (byte)(objectNumber >> 8), (byte)(objectNumber >> 16), 0, 0])[..Math.Min(key.Length + 5, 16)];

    private static byte[] Rc4(byte[] key, byte[] data)
    {
        var s = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        for (int i = 0, j = 0; i < 256; i++)
        {
            j = (j + s[i] + key[i % key.Length]) & 0xFF;
            (s[i], s[j]) = (s[j], s[i]);
        }

        var output = new byte[data.Length];
        for (int n = 0, i = 0, j = 0; n < data.Length; n++)
        {
            i = (i + 1) & 0xFF;
            j = (j + s[i]) & 0xFF;
            (s[i], s[j]) = (s[j], s[i]);
            output[n] = (byte)(data[n] ^ s[(s[i] + s[j]) & 0xFF]);
        }

        return output;
    }

    private static byte[] Latin1(string s) => Encoding.Latin1.GetBytes(s);
}
