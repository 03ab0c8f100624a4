using System.Numerics.Tensors;

namespace Assistant.Cli.Benchmarking;

/// <summary>
/// Deterministic synthetic embeddings (shared with tests/Assistant.Benchmarks, which links this file): points scattered around a few hundred random unit "topic" centres.
/// Real embeddings are clustered, and clustered data is the hard case for int8 (neighbours have close scores).
/// </summary>
internal sealed class ClusteredVectors
{
    private readonly float[] _centres;
    private readonly int _clusters;
    private readonly float _noise;
    private Random _random;

    public ClusteredVectors(int dimensions, int sampleSeed, int clusters = 200, float noise = 0.8f, int centreSeed = 42)
    {
        Dimensions = dimensions;
        _clusters = clusters;
        _random = new Random(centreSeed);
        _noise = noise / MathF.Sqrt(dimensions);
        _centres = new float[clusters * dimensions];
        for (var c = 0; c < clusters; c++)
        {
            var centre = _centres.AsSpan(c * dimensions, dimensions);
            FillGaussian(centre, 1f);
            TensorPrimitives.Divide(centre, TensorPrimitives.Norm(centre), centre);
        }

        // Samples use their own stream so queries (another sample seed) share the centres but not the points.
        _random = new Random(sampleSeed);
    }

    public int Dimensions { get; }

    /// <summary>Writes the next vector (centre + Gaussian noise; cosine to its centre ≈ 0.78 at noise 0.8).</summary>
    public void Next(Span<float> destination)
    {
        var cluster = _random.Next(_clusters);
        FillGaussian(destination, _noise);
        TensorPrimitives.Add(destination, _centres.AsSpan(cluster * Dimensions, Dimensions), destination);
    }

    public float[] Next()
    {
        var vector = new float[Dimensions];
        Next(vector);
        return vector;
    }

    private void FillGaussian(Span<float> destination, float sigma)
    {
        // Box–Muller, two values per pair of uniforms.
        for (var i = 0; i < destination.Length; i += 2)
        {
            var u1 = 1.0 - _random.NextDouble();
            var u2 = _random.NextDouble();
            var radius = Math.Sqrt(-2.0 * Math.Log(u1)) * sigma;
            destination[i] = (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < destination.Length)
            {
                destination[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
            }
        }
    }
}
