namespace Assistant.Tests.Ingestion.Normalization;

/// <summary>Measuring helpers for the repair tests.</summary>
internal static class TextSimilarity
{
    /// <summary>The Hangul syllables of a text, in order, everything else dropped.</summary>
    public static string Hangul(string text) => new(text.Where(c => c is >= '\uAC00' and <= '\uD7A3').ToArray());

    /// <summary>1 − Levenshtein distance / length of the longer string (1 for two empty strings).</summary>
    public static double Similarity(string a, string b)
    {
        if (a.Length == 0 && b.Length == 0)
        {
            return 1;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return 1 - (double)previous[b.Length] / Math.Max(a.Length, b.Length);
    }
}
