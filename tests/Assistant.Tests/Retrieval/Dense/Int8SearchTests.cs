using Assistant.Core.Retrieval.Dense;
using Xunit.Abstractions;

namespace Assistant.Tests.Retrieval.Dense;

public sealed class Int8SearchTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(RescorePrecision.Half)]
    [InlineData(RescorePrecision.Single)]
    public void Int8_recall_at_10_is_at_least_0_99_on_clustered_vectors(RescorePrecision precision)
    {
        const int dimensions = 768;
        const int k = 10;
        var rows = TestVectors.Clustered(20_000, dimensions, clusters: 50, seed: 11);
        var queries = TestVectors.Clustered(100, dimensions, clusters: 50, seed: 12);
        using var exact = new DenseVectorIndex(dimensions);
        using var int8 = new DenseVectorIndex(dimensions, new() { Quantization = DenseQuantization.Int8, RescorePrecision = precision });
        for (var id = 0; id < rows.Length; id++)
        {
            exact.Add(id, rows[id]);
            int8.Add(id, rows[id]);
        }

        var found = 0;
        foreach (var query in queries)
        {
            var truth = exact.Search(query, k).Select(h => h.Id).ToHashSet();
            found += int8.Search(query, k).Count(h => truth.Contains(h.Id));
        }

        var recall = found / (double)(queries.Length * k);
        output.WriteLine($"int8 ({precision} rescore, factor {int8.Options.RescoreFactor}) recall@{k} on 20k x {dimensions} clustered: {recall:F4}");
        Assert.True(recall >= 0.99, $"recall@{k} was {recall:F4}");
    }

    [Fact]
    public void Int8_scores_after_rescoring_are_close_to_exact_cosines()
    {
        var rows = TestVectors.Clustered(2000, 384, clusters: 10, seed: 21);
        var vectors = DenseVectorIndexTests.Load(rows);
        using var index = DenseVectorIndexTests.Build(vectors, 384, new() { Quantization = DenseQuantization.Int8 });
        var query = TestVectors.Clustered(1, 384, clusters: 10, seed: 22)[0];

        foreach (var hit in index.Search(query, 10))
        {
            Assert.Equal(TestVectors.Cosine(vectors[hit.Id], query), hit.Score, 2);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(768)]
    [InlineData(1001)]
    public void Simd_dot_equals_scalar_dot_including_extreme_codes(int length)
    {
        var random = new Random(length);
        var a = new sbyte[length];
        var b = new sbyte[length];
        for (var i = 0; i < length; i++)
        {
            a[i] = i % 7 == 0 ? (sbyte)-127 : (sbyte)random.Next(-127, 128);
            b[i] = i % 7 == 0 ? (sbyte)-127 : (sbyte)random.Next(-127, 128);
        }

        var expected = Int8Vectors.ScalarDot(a, b);
        Assert.Equal(expected, Int8Vectors.Dot(a, b));
        Assert.Equal(expected, Int8Vectors.PortableDotForTests(a, b));
    }

    [Fact]
    public void Quantize_is_symmetric_max_abs()
    {
        var codes = new sbyte[3];

        var scale = Int8Vectors.Quantize([0.5f, -1f, 0.25f], codes);

        Assert.Equal(1f / 127f, scale, 6);
        Assert.Equal([(sbyte)64, (sbyte)-127, (sbyte)32], codes);
    }
}
