using System.Numerics;

namespace Assistant.Core.Ingestion.Normalization;

/// <summary>
/// Fills the holes of a UTF-8 sequence that lost bytes on its way through a code page. The missing bytes can
/// only be ones that code page cannot represent, which leaves a few dozen candidates; the most believable one
/// wins (a common Hangul syllable, an emoji, a typographic quote...).
/// </summary>
internal static class MissingByteSolver
{
    /// <summary>Below this a candidate is not worth writing; the caller emits U+FFFD instead.</summary>
    private const double MinimumScore = 0.5;

    /// <summary>How many of the best candidates are kept for the neighbours to choose from.</summary>
    private const int Kept = 24;

    private const string PopularPunctuation = "“”‘’–—…•′″";

    /// <param name="present">Lead byte then the continuation bytes that survived, wildcards where a U+FFFD stood.</param>
    /// <param name="length">Length the lead byte announces.</param>
    /// <param name="droppable">Continuation bytes the code page may have lost.</param>
    /// <returns>The believable candidates, best first; empty when none is.</returns>
    public static Candidate[] Solve(ReadOnlySpan<int> present, int length, IReadOnlyList<byte> droppable)
    {
        var slots = length - 1;
        var missing = length - present.Length;
        Span<int> seq = stackalloc int[length];
        var found = new Dictionary<int, double>();

        // Each mask marks which continuation slots were lost; surviving bytes keep their order.
        for (var mask = 0; mask < 1 << slots; mask++)
        {
            if (BitOperations.PopCount((uint)mask) != missing)
            {
                continue;
            }

            seq[0] = present[0];
            var next = 1;
            for (var slot = 0; slot < slots; slot++)
            {
                seq[slot + 1] = (mask & (1 << slot)) != 0 ? CodePageMap.Wildcard : present[next++];
            }

            Enumerate(seq, 1, droppable, found);
        }

        return found
            .Where(kv => kv.Value >= MinimumScore)
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key)
            .Take(Kept)
            .Select(kv => new Candidate(kv.Key, kv.Value))
            .ToArray();
    }

    private static void Enumerate(Span<int> seq, int from, IReadOnlyList<byte> droppable, Dictionary<int, double> found)
    {
        var hole = from;
        while (hole < seq.Length && seq[hole] != CodePageMap.Wildcard)
        {
            hole++;
        }

        if (hole == seq.Length)
        {
            var cp = MojibakeDecoder.Decode(seq);
            if (cp >= 0)
            {
                found[cp] = Score(cp);
            }

            return;
        }

        foreach (var b in droppable)
        {
            seq[hole] = b;
            Enumerate(seq, hole + 1, droppable, found);
        }

        seq[hole] = CodePageMap.Wildcard;
    }

    /// <summary>How likely a code point is to be what a damaged sequence held.</summary>
    internal static double Score(int cp)
    {
        if (cp is >= 0xAC00 and <= 0xD7A3)
        {
            return 2 + (0.5 * HangulPrior.Score(cp));
        }

        if (cp is >= 0x1F300 and <= 0x1FAFF)
        {
            return 3;
        }

        if (cp <= 0xFFFF && PopularPunctuation.Contains((char)cp, StringComparison.Ordinal))
        {
            return 3;
        }

        if (cp is >= 0x4E00 and <= 0x9FFF)
        {
            return 1.5;
        }

        return TextPlausibility.Score(cp) switch
        {
            >= 2 => 2,
            >= 1 => 1,
            _ => 0,
        };
    }
}

/// <summary>A character a damaged sequence may have held, with how likely it is on its own.</summary>
internal readonly record struct Candidate(int CodePoint, double Score);
