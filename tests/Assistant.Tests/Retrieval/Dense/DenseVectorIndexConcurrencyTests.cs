using Assistant.Core.Retrieval.Dense;

namespace Assistant.Tests.Retrieval.Dense;

public sealed class DenseVectorIndexConcurrencyTests
{
    [Theory]
    [InlineData(DenseQuantization.None)]
    [InlineData(DenseQuantization.Int8)]
    public async Task Parallel_searches_while_adding_and_removing_see_consistent_results(DenseQuantization quantization)
    {
        const int dimensions = 48;
        var rows = TestVectors.Uniform(12_000, dimensions, seed: 31);
        var queries = TestVectors.Uniform(16, dimensions, seed: 32);
        using var index = new DenseVectorIndex(
            dimensions, new() { Quantization = quantization, MaxDegreeOfParallelism = 2, ParallelThresholdRows = 1000 });
        using var done = new CancellationTokenSource();

        var writer = Task.Run(() =>
        {
            for (var id = 0; id < rows.Length; id++)
            {
                index.Add(id, rows[id]);
                if (id % 10 == 9)
                {
                    index.Remove(id - 5); // ids ending in 4 never survive
                }
            }
        });
        var readers = Enumerable.Range(0, 3).Select(r => Task.Run(() =>
        {
            var searches = 0;
            while (!writer.IsCompleted || searches < 5)
            {
                var hits = index.Search(queries[(r + searches++) % queries.Length], 10, id => id % 3 != 0);
                Assert.True(hits.Count <= 10);
                Assert.Equal(hits.Count, hits.Select(h => h.Id).Distinct().Count());
                Assert.All(hits, h => Assert.NotEqual(0, h.Id % 3));
                for (var i = 1; i < hits.Count; i++)
                {
                    Assert.True(hits[i - 1].Score >= hits[i].Score, "hits must be best first");
                }
            }

            return searches;
        })).ToArray();

        await writer.WaitAsync(TimeSpan.FromSeconds(60));
        var searchCounts = await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(rows.Length - (rows.Length / 10), index.Count);
        Assert.All(searchCounts, count => Assert.True(count >= 5));
        Assert.False(index.Contains(4));
        Assert.True(index.Contains(5));
    }
}
