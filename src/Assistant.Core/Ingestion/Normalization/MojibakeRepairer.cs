using System.Text;

namespace Assistant.Core.Ingestion.Normalization;

/// <summary>
/// Detects and repairs UTF-8 text that was decoded through a legacy single-byte code page (cp1252, cp1253,
/// latin-1, cp1251, cp1250, ISO-8859-7) and saved again, including copies where the code page dropped the bytes
/// it could not map. Works run by run (a run is a stretch of non-ASCII characters the code page produces), so
/// ASCII, including U+001E, always passes through unchanged and clean runs next to damaged ones are left alone.
/// Linear in the length of the text.
/// </summary>
public sealed class MojibakeRepairer
{
    /// <summary>A suggested ceiling for <see cref="MojibakeResult.GarbageShare"/> above which a file is refused.</summary>
    public const double DefaultMaxGarbageShare = 0.05;

    /// <summary>Share of candidate runs that must decode cleanly before runs with no whole sequence are rebuilt too.</summary>
    private const double DamagedDocumentRunShare = 0.5;

    public MojibakeResult Repair(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!HasNonAscii(text))
        {
            return new MojibakeResult(text, false, null, 1, MeasureGarbage(text));
        }

        MojibakeDecoder? best = null;
        var bestGain = 0;
        var bestDamaged = false;
        foreach (var map in CodePageMap.Candidates)
        {
            var decoder = new MojibakeDecoder(map);
            var pass = Run(text, decoder, documentIsDamaged: false, output: null);
            // Two-byte sequences alone are weak evidence ("Ε΄" is Greek, not a mangled "Ŵ"): ask for a 3–4 byte
            // sequence somewhere or several repaired runs before calling a document damaged.
            var convincing = pass.StrongRuns > 0 || pass.RepairedRuns >= 3;
            if (convincing && pass.Gain > bestGain)
            {
                best = decoder;
                bestGain = pass.Gain;
                bestDamaged = pass.RepairedRuns >= 2 && pass.RepairedRuns >= DamagedDocumentRunShare * pass.CandidateRuns;
            }
        }

        if (best is null)
        {
            return new MojibakeResult(text, false, null, 1, MeasureGarbage(text));
        }

        var output = new StringBuilder(text.Length);
        var final = Run(text, best, bestDamaged, output);
        var repaired = output.ToString();
        return new MojibakeResult(repaired, true, best.Map.Name, final.RecoveredShare, MeasureGarbage(repaired));
    }

    /// <summary>
    /// Repairs <paramref name="text"/> as if it were damaged through <paramref name="sourceEncoding"/> (typically
    /// the <see cref="MojibakeResult.SourceEncoding"/> found for another fragment of the same document).
    /// Runs that do not read better decoded are left as they are.
    /// </summary>
    /// <exception cref="ArgumentException">The encoding is unknown or not a single-byte code page.</exception>
    public string RepairWith(string sourceEncoding, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var map = CodePageMap.ForName(sourceEncoding);
        if (!HasNonAscii(text))
        {
            return text;
        }

        var output = new StringBuilder(text.Length);
        Run(text, new MojibakeDecoder(map), documentIsDamaged: true, output);
        return output.ToString();
    }

    /// <summary>
    /// Share (0..1) of the letters of <paramref name="text"/> that look like garbage: mojibake runs, U+FFFD and
    /// controls, clustered symbols, symbols or Latin/Greek/Cyrillic letters glued to Hangul/CJK. ASCII
    /// punctuation and whitespace are not counted.
    /// </summary>
    public static double MeasureGarbage(string text) => GarbageMeter.Measure(text);

    private static bool HasNonAscii(string text) => text.AsSpan().ContainsAnyExceptInRange('\0', '\u007F');

    private static PassResult Run(string text, MojibakeDecoder decoder, bool documentIsDamaged, StringBuilder? output)
    {
        var result = new PassResult();
        var copiedUpTo = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!decoder.IsRunChar(text[i]))
            {
                i++;
                continue;
            }

            var end = i + 1;
            while (end < text.Length && decoder.IsRunChar(text[end]))
            {
                end++;
            }

            var stats = decoder.Analyze(text, i, end);
            if (stats.Complete + stats.Partial > 0)
            {
                result.CandidateRuns++;
            }

            if (stats.ShouldRepair(documentIsDamaged))
            {
                result.Add(stats);
                output?.Append(text, copiedUpTo, i - copiedUpTo).Append(decoder.Decoded);
                copiedUpTo = end;
            }

            i = end;
        }

        output?.Append(text, copiedUpTo, text.Length - copiedUpTo);
        return result;
    }

    private sealed class PassResult
    {
        private int _units;
        private int _recovered;

        public int CandidateRuns { get; set; }

        public int RepairedRuns { get; private set; }

        public int StrongRuns { get; private set; }

        public int Gain { get; private set; }

        public double RecoveredShare => _units == 0 ? 1 : (double)_recovered / _units;

        public void Add(in RunStats stats)
        {
            RepairedRuns++;
            StrongRuns += stats.Strong > 0 ? 1 : 0;
            Gain += stats.Gain + 2 * stats.Strong;
            _units += stats.DamagedUnits;
            _recovered += stats.Complete + stats.RebuiltConfidently;
        }
    }
}
