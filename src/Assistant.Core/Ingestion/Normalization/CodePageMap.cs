using System.Collections.Frozen;
using System.Text;

namespace Assistant.Core.Ingestion.Normalization;

/// <summary>
/// The reverse of one legacy single-byte code page for its upper half (0x80–0xFF): which character each byte
/// became when UTF-8 was mis-decoded through it, and which bytes could not survive that trip.
/// </summary>
internal sealed class CodePageMap
{
    /// <summary>Stands for a byte that is known to be missing at this position (a U+FFFD in the damaged text).</summary>
    public const int Wildcard = -1;

    /// <summary>The code pages tried by <see cref="MojibakeRepairer.Repair"/>, most common damage first (wins ties).</summary>
    public static readonly IReadOnlyList<string> CandidateNames =
        ["windows-1252", "windows-1253", "iso-8859-1", "windows-1251", "windows-1250", "iso-8859-7"];

    private static readonly Lazy<IReadOnlyList<CodePageMap>> LazyCandidates =
        new(() => CandidateNames.Select(Create).ToArray());

    private readonly FrozenDictionary<char, byte> _byteOf;
    private readonly bool[] _droppable = new bool[256];

    private CodePageMap(string name, FrozenDictionary<char, byte> byteOf, IEnumerable<int> droppable)
    {
        Name = name;
        _byteOf = byteOf;
        foreach (var b in droppable)
        {
            _droppable[b] = true;
        }

        DroppableContinuations = Enumerable.Range(0x80, 0x40).Where(b => _droppable[b]).Select(b => (byte)b).ToArray();
    }

    /// <summary>The WebName of the code page, e.g. "windows-1253".</summary>
    public string Name { get; }

    /// <summary>Continuation bytes (0x80–0xBF) that a lossy trip through this code page may have removed.</summary>
    public IReadOnlyList<byte> DroppableContinuations { get; }

    public static IReadOnlyList<CodePageMap> Candidates => LazyCandidates.Value;

    public bool TryGetByte(char c, out byte value) => _byteOf.TryGetValue(c, out value);

    public static CodePageMap ForName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var known = Candidates.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
        return known ?? Create(name);
    }

    private static CodePageMap Create(string name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Encoding encoding;
        try
        {
            encoding = Encoding.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException(
                $"Source encoding '{name}' is not a known code page; use one of: {string.Join(", ", CandidateNames)}.",
                nameof(name),
                ex);
        }

        if (!encoding.IsSingleByte)
        {
            throw new ArgumentException(
                $"Source encoding '{name}' is not a single-byte code page, so it cannot produce this kind of mojibake.",
                nameof(name));
        }

        var byteOf = new Dictionary<char, byte>();
        var droppable = new List<int> { 0xAD }; // soft hyphens are routinely stripped by text cleaners
        var one = new byte[1];
        for (var b = 0x80; b <= 0xFF; b++)
        {
            one[0] = (byte)b;
            string decoded;
            try
            {
                decoded = encoding.GetString(one);
            }
            catch (DecoderFallbackException)
            {
                droppable.Add(b);
                continue;
            }

            if (decoded.Length != 1)
            {
                droppable.Add(b);
                continue;
            }

            var c = decoded[0];
            // Bytes the code page leaves undefined come back as C1 controls or private-use characters from
            // Windows' best-fit tables, and as nothing at all from strict decoders; controls are also what
            // cleaners strip. Either way the byte may be missing, but when the character survived, map it back.
            if (c is >= '\u0080' and <= '\u009F' || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.PrivateUse)
            {
                droppable.Add(b);
            }

            byteOf.TryAdd(c, (byte)b);
        }

        return new CodePageMap(encoding.WebName, byteOf.ToFrozenDictionary(), droppable);
    }
}
