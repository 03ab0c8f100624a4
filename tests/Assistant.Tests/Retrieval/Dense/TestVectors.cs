namespace Assistant.Tests.Retrieval.Dense;

/// <summary>Deterministic vectors and a brute-force reference ranking (double precision, score desc then id asc).</summary>
internal static class TestVectors
{
    public static float[][] Uniform(int count, int dimensions, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => Enumerable.Range(0, dimensions).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray())
            .ToArray();
    }

    /// <summary>Points around random unit centres (cosine to centre ≈ 0.78), like real embeddings, not uniform noise.</summary>
    public static float[][] Clustered(int count, int dimensions, int clusters, int seed, int centreSeed = 1000)
    {
        var centreRandom = new Random(centreSeed);
        var centres = Enumerable.Range(0, clusters).Select(_ => Unit(Gaussian(centreRandom, dimensions, 1.0))).ToArray();
        var random = new Random(seed);
        var sigma = 0.8 / Math.Sqrt(dimensions);
        return Enumerable.Range(0, count)
            .Select(_ =>
            {
                var centre = centres[random.Next(clusters)];
                var noise = Gaussian(random, dimensions, sigma);
                return noise.Select((n, i) => n + centre[i]).ToArray();
            })
            .ToArray();
    }

    public static IReadOnlyList<(long Id, double Score)> BruteForce(
        IReadOnlyDictionary<long, float[]> vectors, float[] query, int k, Func<long, bool>? filter = null) =>
        vectors
            .Where(pair => filter is null || filter(pair.Key))
            .Select(pair => (Id: pair.Key, Score: Cosine(pair.Value, query)))
            .OrderByDescending(hit => hit.Score)
            .ThenBy(hit => hit.Id)
            .Take(k)
            .ToList();

    public static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }

    private static float[] Gaussian(Random random, int dimensions, double sigma)
    {
        var vector = new float[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            vector[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2) * sigma);
        }

        return vector;
    }

    private static float[] Unit(float[] vector)
    {
        var norm = (float)Math.Sqrt(vector.Sum(v => (double)v * v));
        return vector.Select(v => v / norm).ToArray();
    }
}
