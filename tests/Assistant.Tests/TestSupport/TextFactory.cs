namespace Assistant.Tests.TestSupport;

/// <summary>Deterministic filler prose: different seeds give texts that share almost no five-word runs.</summary>
public static class TextFactory
{
    private static readonly string[] Words =
    [
        "model", "index", "query", "answer", "budget", "latency", "vector", "token", "window", "policy", "refund", "server",
        "cluster", "metric", "report", "survey", "garden", "river", "castle", "engine", "signal", "market", "ticket", "planet",
        "memory", "cache", "kernel", "thread", "socket", "packet", "schema", "column", "ledger", "invoice", "harbor", "meadow",
    ];

    public static string Prose(int seed, int sentences = 40)
    {
        var random = new Random(seed);
        return string.Join(" ", Enumerable.Range(0, sentences).Select(_ =>
        {
            var words = Enumerable.Range(0, random.Next(8, 14)).Select(_ => Words[random.Next(Words.Length)]).ToArray();
            words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
            return string.Join(' ', words) + ".";
        }));
    }

    /// <summary>The same prose with a few words replaced: the kind of edit that makes a near-duplicate.</summary>
    public static string SmallEdit(string text, int edits = 3)
    {
        var words = text.Split(' ');
        for (var i = 0; i < edits; i++) words[(i + 1) * words.Length / (edits + 1)] = "EDITED";
        return string.Join(' ', words);
    }
}
