using Assistant.Core.Retrieval.Dense;

namespace Assistant.Benchmarks;

internal static class IndexFactory
{
    public const int Rows = 100_000;
    public const int Dimensions = 768;

    public static DenseVectorIndex Build(DenseIndexOptions options, int rows = Rows, int dimensions = Dimensions)
    {
        var data = new ClusteredVectors(dimensions, sampleSeed: 1);
        var index = new DenseVectorIndex(dimensions, options);
        var buffer = new float[dimensions];
        for (var id = 0; id < rows; id++)
        {
            data.Next(buffer);
            index.Add(id, buffer);
        }

        return index;
    }

    /// <summary>Queries from the same clusters as the data but not in it (another sample seed).</summary>
    public static float[][] Queries(int count, int dimensions = Dimensions)
    {
        var data = new ClusteredVectors(dimensions, sampleSeed: 2);
        var queries = new float[count][];
        for (var i = 0; i < count; i++)
        {
            queries[i] = data.Next();
        }

        return queries;
    }
}
