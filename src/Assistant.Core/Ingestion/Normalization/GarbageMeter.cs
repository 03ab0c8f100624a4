namespace Assistant.Core.Ingestion.Normalization;

/// <summary>
/// Measures how much of a text still looks like garbage: runs that decode as mojibake through any candidate
/// code page, U+FFFD and control characters, symbols clustered together or glued to Hangul/CJK, and Latin,
/// Greek or Cyrillic letters glued to Hangul/CJK.
/// </summary>
internal static class GarbageMeter
{
    public static double Measure(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decoders = CodePageMap.Candidates.Select(m => new MojibakeDecoder(m)).ToArray();
        var counted = 0;
        var garbage = 0;
        var marks = new List<bool>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c < '\u0080')
            {
                if (char.IsLetterOrDigit(c))
                {
                    counted++;
                }
                else if (char.IsControl(c) && !char.IsWhiteSpace(c) && c != TextCleaner.RecordSeparator)
                {
                    counted++;
                    garbage++;
                }

                i++;
                continue;
            }

            var end = i;
            while (end < text.Length && text[end] >= '\u0080')
            {
                end++;
            }

            MeasureRun(text, i, end, decoders, marks, ref counted, ref garbage);
            i = end;
        }

        return counted == 0 ? 0 : (double)garbage / counted;
    }

    private static void MeasureRun(string text, int start, int end, MojibakeDecoder[] decoders, List<bool> marks, ref int counted, ref int garbage)
    {
        marks.Clear();
        marks.AddRange(Enumerable.Repeat(false, end - start));
        foreach (var decoder in decoders)
        {
            var i = start;
            while (i < end)
            {
                if (!decoder.IsRunChar(text[i]))
                {
                    i++;
                    continue;
                }

                var runEnd = i;
                while (runEnd < end && decoder.IsRunChar(text[runEnd]))
                {
                    runEnd++;
                }

                var stats = decoder.Analyze(text, i, runEnd);
                if (stats.Strong > 0 && stats.ShouldRepair(documentIsDamaged: false))
                {
                    for (var k = i; k < runEnd; k++)
                    {
                        marks[k - start] = true;
                    }
                }

                i = runEnd;
            }
        }

        var previous = -1;
        for (var i = start; i < end;)
        {
            var cp = TextPlausibility.CodePointAt(text, i, out var width);
            var nextIndex = i + width;
            var next = nextIndex < end ? TextPlausibility.CodePointAt(text, nextIndex, out _) : -1;
            if (!IsWhiteSpace(cp))
            {
                counted++;
                if (marks[i - start] || IsGarbage(cp, previous, next))
                {
                    garbage++;
                }
            }

            previous = cp;
            i = nextIndex;
        }
    }

    private static bool IsGarbage(int cp, int previous, int next)
    {
        var score = TextPlausibility.Score(cp);
        if (score <= -2)
        {
            return true;
        }

        var gluedToCjk = (previous >= 0 && TextPlausibility.IsHangulOrCjk(previous)) || (next >= 0 && TextPlausibility.IsHangulOrCjk(next));
        if (score == -1)
        {
            return gluedToCjk || IsSymbol(previous) || IsSymbol(next);
        }

        if (score == 0)
        {
            return IsSymbol(previous) || IsSymbol(next); // "»" or "·" in a heap of symbols
        }

        return score == 1 && cp < 0x800 && (gluedToCjk || (IsSymbol(previous) && IsSymbol(next)));
    }

    private static bool IsSymbol(int cp) => cp >= 0x80 && TextPlausibility.Score(cp) < 0;

    private static bool IsWhiteSpace(int cp) => cp <= 0xFFFF && char.IsWhiteSpace((char)cp);
}
