using System.Text;

namespace Assistant.Core.Ingestion.Normalization;

/// <summary>
/// Turns a run of mojibake characters back into the UTF-8 bytes they were, through one code page, and decodes
/// those bytes leniently: whole sequences decode as usual, sequences with bytes missing are rebuilt from the
/// bytes this code page is known to lose, and what cannot be rebuilt becomes one U+FFFD.
/// Not thread-safe (it caches rebuilt sequences); create one per call.
/// </summary>
internal sealed class MojibakeDecoder(CodePageMap map)
{
    private const char Replacement = '\uFFFD';

    /// <summary>Bonus for two neighbouring syllables that occur together in a known word.</summary>
    private const double PairBonus = 4;

    /// <summary>Bonus for a syllable that starts (or ends) a run and is known to start (or end) words.</summary>
    private const double EdgeBonus = 1.5;

    /// <summary>The chosen candidate must beat the runner-up by this much to count as recovered rather than guessed.</summary>
    private const double ConfidenceMargin = 1.0;

    private readonly Dictionary<ulong, Candidate[]> _rebuilt = [];
    private readonly List<Slot> _slots = [];
    private int[] _bytes = new int[64];

    public CodePageMap Map => map;

    /// <summary>The decoded text of the last <see cref="Analyze"/> call.</summary>
    public StringBuilder Decoded { get; } = new();

    /// <summary>Characters that can belong to a run: non-ASCII ones this code page produces, and U+FFFD.</summary>
    public bool IsRunChar(char c) => c >= '\u0080' && (c == Replacement || map.TryGetByte(c, out _));

    public RunStats Analyze(string text, int start, int end)
    {
        var n = end - start;
        if (_bytes.Length < n)
        {
            _bytes = new int[Math.Max(n, _bytes.Length * 2)];
        }

        var stats = new RunStats();
        for (var i = 0; i < n; i++)
        {
            var c = text[start + i];
            stats.OriginalScore += TextPlausibility.Score(c);
            _bytes[i] = c == Replacement ? CodePageMap.Wildcard : map.TryGetByte(c, out var b) ? b : CodePageMap.Wildcard;
        }

        _slots.Clear();
        var pos = 0;
        while (pos < n)
        {
            var length = SequenceLength(_bytes[pos]);
            if (length == 0)
            {
                // A continuation with no lead before it (or a byte UTF-8 never uses): swallow the group.
                var next = pos + 1;
                while (next < n && IsContinuation(_bytes[next]))
                {
                    next++;
                }

                stats.Stray++;
                _slots.Add(Slot.Unknown);
                pos = next;
                continue;
            }

            var seqEnd = pos + 1;
            var wildcard = false;
            while (seqEnd < n && seqEnd - pos < length && IsContinuation(_bytes[seqEnd]))
            {
                wildcard |= _bytes[seqEnd] == CodePageMap.Wildcard;
                seqEnd++;
            }

            if (seqEnd - pos == length && !wildcard)
            {
                DecodeWhole(text, start, pos, length, ref stats);
            }
            else
            {
                stats.Partial++;
                var options = Rebuild(pos, seqEnd - pos, length);
                _slots.Add(options.Length == 0 ? Slot.Unknown : new Slot(-1, options));
            }

            pos = seqEnd;
        }

        Choose(ref stats);
        return stats;
    }

    private void DecodeWhole(string text, int start, int pos, int length, ref RunStats stats)
    {
        var cp = Decode(_bytes.AsSpan(pos, length));
        if (cp < 0)
        {
            stats.Stray++;
            _slots.Add(Slot.Unknown);
            return;
        }

        stats.Complete++;
        if (length >= 3 && TextPlausibility.Score(cp) >= 0)
        {
            // Three or four characters that happen to spell valid UTF-8 are almost never real text, so the
            // letters among them ("â€œ") earn the original no credit.
            stats.Strong++;
            stats.MarkerPenalty += 2;
        }

        if (length == 2 && (TextPlausibility.IsCommonTwoByteLetter(cp) || cp is >= 0xA0 and <= 0xBF))
        {
            // "Ã©", "Ð¿": a capital followed by a symbol is what mojibake looks like, not what people write.
            var leadChar = text[start + pos];
            var contChar = text[start + pos + 1];
            if (leadChar is 'Ã' or 'Â' || TextPlausibility.Score(contChar) <= 0)
            {
                stats.MarkerPenalty += 2;
            }
        }

        _slots.Add(new Slot(cp, null));
    }

    /// <summary>
    /// Picks one candidate per rebuilt slot so that neighbouring syllables form known words where possible
    /// (a Viterbi pass over the run), then writes <see cref="Decoded"/> and the decoded score.
    /// </summary>
    private void Choose(ref RunStats stats)
    {
        var count = _slots.Count;
        var best = new double[count][];
        var from = new int[count][];
        for (var p = 0; p < count; p++)
        {
            var options = _slots[p].Options;
            var width = options?.Length ?? 1;
            best[p] = new double[width];
            from[p] = new int[width];
            for (var o = 0; o < width; o++)
            {
                var cp = options is null ? _slots[p].CodePoint : options[o].CodePoint;
                var own = options is null ? 0 : options[o].Score;
                var top = double.MinValue;
                if (p == 0)
                {
                    top = IsKnownPair(KoreanLexicon.Boundary, cp) ? EdgeBonus : 0;
                }
                else
                {
                    var previous = _slots[p - 1];
                    for (var q = 0; q < best[p - 1].Length; q++)
                    {
                        var prevCp = previous.Options is null ? previous.CodePoint : previous.Options[q].CodePoint;
                        var total = best[p - 1][q] + (IsKnownPair(prevCp, cp) ? PairBonus : 0);
                        if (total > top)
                        {
                            top = total;
                            from[p][o] = q;
                        }
                    }
                }

                best[p][o] = top + own + (p == count - 1 && IsKnownPair(cp, KoreanLexicon.Boundary) ? EdgeBonus : 0);
            }
        }

        var chosen = new int[count];
        if (count > 0)
        {
            var last = best[count - 1];
            chosen[count - 1] = Array.IndexOf(last, last.Max());
            for (var p = count - 1; p > 0; p--)
            {
                chosen[p - 1] = from[p][chosen[p]];
            }
        }

        Decoded.Clear();
        for (var p = 0; p < count; p++)
        {
            var slot = _slots[p];
            var cp = slot.Options is null ? slot.CodePoint : slot.Options[chosen[p]].CodePoint;
            if (slot.Options is not null)
            {
                stats.Rebuilt++;
                stats.RebuiltHangul += cp is >= 0xAC00 and <= 0xD7A3 ? 1 : 0;
                var margin = slot.Options.Length == 1 ? double.MaxValue : slot.Options[0].Score - slot.Options[1].Score;
                stats.RebuiltConfidently += chosen[p] == 0 && margin >= ConfidenceMargin ? 1 : 0;
            }

            if (cp == Replacement)
            {
                if (Decoded.Length > 0 && Decoded[^1] == Replacement)
                {
                    continue; // one U+FFFD stands for a whole unrecoverable stretch
                }
            }

            stats.DecodedScore += TextPlausibility.Score(cp);
            TextPlausibility.AppendCodePoint(Decoded, cp);
        }
    }

    private static bool IsKnownPair(int first, int second) =>
        first is >= 0xAC00 and <= KoreanLexicon.Boundary && second is >= 0xAC00 and <= KoreanLexicon.Boundary
        && KoreanLexicon.Follows(first, second);

    /// <summary>Candidates for a sequence with bytes missing, best first; cached because damage repeats.</summary>
    private Candidate[] Rebuild(int pos, int present, int length)
    {
        var key = (uint)length | ((ulong)(uint)present << 3);
        for (var i = 0; i < present; i++)
        {
            key |= (ulong)(_bytes[pos + i] & 0xFF) << (8 * (i + 1));
        }

        if (!_rebuilt.TryGetValue(key, out var result))
        {
            result = MissingByteSolver.Solve(_bytes.AsSpan(pos, present), length, map.DroppableContinuations);
            _rebuilt[key] = result;
        }

        return result;
    }

    /// <summary>One decoded position: a fixed code point, or the candidates for a rebuilt one.</summary>
    private readonly record struct Slot(int CodePoint, Candidate[]? Options)
    {
        public static Slot Unknown => new(Replacement, null);
    }

    internal static bool IsContinuation(int b) => b == CodePageMap.Wildcard || (b & 0xC0) == 0x80;

    internal static int SequenceLength(int lead) => lead switch
    {
        >= 0xC2 and <= 0xDF => 2,
        >= 0xE0 and <= 0xEF => 3,
        >= 0xF0 and <= 0xF4 => 4,
        _ => 0,
    };

    /// <summary>Strict decode of one whole sequence (no overlongs, surrogates or values past U+10FFFF), or -1.</summary>
    internal static int Decode(ReadOnlySpan<int> seq)
    {
        var cp = seq.Length switch
        {
            2 => seq[0] & 0x1F,
            3 => seq[0] & 0x0F,
            _ => seq[0] & 0x07,
        };
        for (var i = 1; i < seq.Length; i++)
        {
            if (seq[i] < 0 || (seq[i] & 0xC0) != 0x80)
            {
                return -1;
            }

            cp = (cp << 6) | (seq[i] & 0x3F);
        }

        var min = seq.Length switch { 2 => 0x80, 3 => 0x800, _ => 0x10000 };
        return cp < min || cp > 0x10FFFF || cp is >= 0xD800 and <= 0xDFFF ? -1 : cp;
    }
}
