namespace Assistant.Core.Evaluation.Metrics;

/// <summary>
/// Percentiles by linear interpolation between closest ranks (the "R-7"/Excel PERCENTILE.INC definition, also NumPy's
/// default): for sorted values x[0..n-1], p in [0,100], h = (n-1)·p/100, result = x[⌊h⌋] + (h-⌊h⌋)·(x[⌊h⌋+1] - x[⌊h⌋]).
/// Chosen over nearest-rank because with the few dozen answers of an eval set nearest-rank's p95 is simply the maximum
/// or the value below it, and jumps as one answer is added.
/// </summary>
public static class Percentiles
{
    /// <returns>Null for no values.</returns>
    public static double? Of(IEnumerable<double> values, double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0) return null;
        var h = (sorted.Length - 1) * percentile / 100.0;
        var lower = (int)Math.Floor(h);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (h - lower) * (sorted[upper] - sorted[lower]);
    }
}
