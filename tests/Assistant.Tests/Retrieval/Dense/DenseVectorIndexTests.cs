using Assistant.Core.Retrieval.Dense;

namespace Assistant.Tests.Retrieval.Dense;

public sealed class DenseVectorIndexTests
{
    [Theory]
    [InlineData(768, 600, 1)]
    [InlineData(384, 600, 1)]
    [InlineData(769, 600, 1)]
    [InlineData(3, 300, 1)]
    [InlineData(17, 9000, 2)] // crosses two page boundaries and takes the parallel path
    public void Exact_search_equals_brute_force_sort(int dimensions, int rows, int threads)
    {
        var vectors = Load(TestVectors.Uniform(rows, dimensions, seed: dimensions));
        using var index = Build(vectors, dimensions, new() { MaxDegreeOfParallelism = threads, ParallelThresholdRows = 0 });

        foreach (var query in TestVectors.Uniform(5, dimensions, seed: 99))
        {
            AssertMatches(TestVectors.BruteForce(vectors, query, 10), index.Search(query, 10));
        }
    }

    [Fact]
    public void Scores_are_cosines_whatever_the_stored_length()
    {
        using var index = new DenseVectorIndex(2);
        index.Add(1, [3f, 4f]);
        index.Add(2, [-30f, -40f]);
        index.Add(3, [0f, 10f]);

        var hits = index.Search([0.6f, 0.8f], 3);

        Assert.Equal([1L, 3L, 2L], hits.Select(h => h.Id));
        Assert.Equal(1f, hits[0].Score, 5);
        Assert.Equal(0.8f, hits[1].Score, 5);
        Assert.Equal(-1f, hits[2].Score, 5);
    }

    [Theory]
    [InlineData(DenseQuantization.None)]
    [InlineData(DenseQuantization.Int8)]
    public void Filter_keeps_only_accepted_ids_and_still_returns_k(DenseQuantization quantization)
    {
        var vectors = Load(TestVectors.Clustered(3000, 64, clusters: 10, seed: 5));
        using var index = Build(vectors, 64, new() { Quantization = quantization });
        var query = TestVectors.Clustered(1, 64, clusters: 10, seed: 6)[0];
        Func<long, bool> even = id => id % 2 == 0;

        var hits = index.Search(query, 10, even);

        Assert.Equal(10, hits.Count);
        Assert.All(hits, h => Assert.True(even(h.Id), $"id {h.Id} should have been filtered out"));
        Assert.Equal(TestVectors.BruteForce(vectors, query, 10, even).Select(h => h.Id), hits.Select(h => h.Id));
    }

    [Fact]
    public void Filter_that_throws_surfaces_its_own_exception_on_the_parallel_path()
    {
        var vectors = Load(TestVectors.Uniform(9000, 8, seed: 1));
        using var index = Build(vectors, 8, new() { MaxDegreeOfParallelism = 2, ParallelThresholdRows = 0 });

        Assert.Throws<InvalidOperationException>(() => index.Search(vectors[0], 5, _ => throw new InvalidOperationException("boom")));
    }

    [Theory]
    [InlineData(DenseQuantization.None)]
    [InlineData(DenseQuantization.Int8)]
    public void Removed_ids_disappear_and_the_rest_still_rank_exactly(DenseQuantization quantization)
    {
        var vectors = Load(TestVectors.Uniform(9000, 32, seed: 3));
        using var index = Build(vectors, 32, new() { Quantization = quantization });
        var random = new Random(4);
        var removed = new[] { 0L, 4095, 4096, 8999 }.Concat(Enumerable.Range(0, 3000).Select(_ => (long)random.Next(9000))).ToHashSet();

        foreach (var id in removed)
        {
            Assert.True(index.Remove(id));
            vectors.Remove(id);
        }

        Assert.False(index.Remove(0));
        Assert.Equal(vectors.Count, index.Count);
        Assert.All(removed, id => Assert.False(index.Contains(id)));
        foreach (var query in TestVectors.Uniform(5, 32, seed: 8))
        {
            var hits = index.Search(query, 20);
            Assert.DoesNotContain(hits, h => removed.Contains(h.Id));
            Assert.Equal(TestVectors.BruteForce(vectors, query, 20).Select(h => h.Id), hits.Select(h => h.Id));
        }
    }

    [Fact]
    public void Removing_everything_empties_the_index_and_it_can_be_refilled()
    {
        using var index = new DenseVectorIndex(4);
        index.Add(1, [1f, 0f, 0f, 0f]);
        index.Add(2, [0f, 1f, 0f, 0f]);

        Assert.True(index.Remove(1));
        Assert.True(index.Remove(2));
        Assert.Empty(index.Search([1f, 0f, 0f, 0f], 3));

        index.Add(7, [0f, 0f, 1f, 0f]);
        Assert.Equal(7L, Assert.Single(index.Search([0f, 0f, 1f, 0f], 3)).Id);
    }

    [Fact]
    public void Adding_an_existing_id_replaces_its_vector()
    {
        using var index = new DenseVectorIndex(2);
        index.Add(1, [1f, 0f]);
        index.Add(2, [0.8f, 0.6f]);
        index.Add(1, [0f, 1f]);

        Assert.Equal(2, index.Count);
        Assert.Equal([2L, 1L], index.Search([1f, 0f], 2).Select(h => h.Id));
    }

    [Fact]
    public void Dimension_mismatch_names_both_dimension_counts()
    {
        using var index = new DenseVectorIndex(768);

        var add = Assert.Throws<ArgumentException>(() => index.Add(1, new float[384]));
        Assert.Contains("384", add.Message);
        Assert.Contains("768", add.Message);

        var search = Assert.Throws<ArgumentException>(() => index.Search(new float[1024], 5));
        Assert.Contains("1024", search.Message);
        Assert.Contains("768", search.Message);

        var blob = Assert.Throws<ArgumentException>(() => index.AddBlob(9, new byte[384 * 4]));
        Assert.Contains("384", blob.Message);
        Assert.Contains("id 9", blob.Message);
    }

    [Fact]
    public void Zero_or_nan_vectors_are_rejected_with_the_reason()
    {
        using var index = new DenseVectorIndex(3);

        Assert.Contains("id 5", Assert.Throws<ArgumentException>(() => index.Add(5, [0f, 0f, 0f])).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => index.Add(5, [float.NaN, 1f, 0f])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search([1f, 0f, 0f], 0));
    }

    [Fact]
    public void Asking_for_more_than_stored_returns_everything_best_first()
    {
        using var index = new DenseVectorIndex(2, new() { Quantization = DenseQuantization.Int8 });
        index.Add(10, [1f, 0.1f]);
        index.Add(11, [1f, 0.5f]);
        index.Add(12, [0f, 1f]);

        Assert.Equal([10L, 11L, 12L], index.Search([1f, 0f], 50).Select(h => h.Id));
    }

    [Fact]
    public void Blob_round_trip_loads_the_same_vector()
    {
        float[] vector = [0.25f, -1.5f, 3f];
        using var index = new DenseVectorIndex(3);

        index.AddBlob(1, DenseVectorBlob.Encode(vector));

        Assert.Equal(vector, DenseVectorBlob.Decode(DenseVectorBlob.Encode(vector)));
        Assert.Equal(1f, index.Search(vector, 1)[0].Score, 5);
        Assert.Throws<ArgumentException>(() => DenseVectorBlob.Decode(new byte[7]));
    }

    internal static Dictionary<long, float[]> Load(float[][] rows) =>
        rows.Select((v, i) => (Id: (long)i, Vector: v)).ToDictionary(p => p.Id, p => p.Vector);

    internal static DenseVectorIndex Build(IReadOnlyDictionary<long, float[]> vectors, int dimensions, DenseIndexOptions options)
    {
        var index = new DenseVectorIndex(dimensions, options);
        foreach (var (id, vector) in vectors)
        {
            index.Add(id, vector);
        }

        return index;
    }

    private static void AssertMatches(IReadOnlyList<(long Id, double Score)> expected, IReadOnlyList<DenseHit> actual)
    {
        Assert.Equal(expected.Select(e => e.Id), actual.Select(a => a.Id));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Score, actual[i].Score, 4);
        }
    }
}
