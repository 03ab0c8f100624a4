using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Assistant.Core.Retrieval.Dense;

public sealed partial class DenseVectorIndex
{
    /// <summary>
    /// The <paramref name="k"/> stored vectors most similar to <paramref name="query"/>, best first, ties by id.
    /// </summary>
    /// <param name="filter">
    /// Keeps an id when it returns true. Called only for rows that would enter the current top-k, possibly from
    /// several threads at once, so it must be thread-safe (a read of a HashSet or dictionary is) and must not call
    /// back into this index (the search holds its reader lock).
    /// </param>
    public IReadOnlyList<DenseHit> Search(ReadOnlySpan<float> query, int k, Func<long, bool>? filter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var unitQuery = new float[Dimensions];
        Normalize(query, unitQuery, "query vector");

        _lock.EnterReadLock();
        try
        {
            var count = _rowById.Count;
            if (count == 0)
            {
                return [];
            }

            k = Math.Min(k, count);
            var best = _options.Quantization == DenseQuantization.None
                ? Scan(k, (page, heap) => ScanFloat(page, unitQuery, heap, filter))
                : SearchInt8(unitQuery, k, count, filter);

            var sorted = best.ToSortedArray();
            var hits = new DenseHit[sorted.Length];
            for (var i = 0; i < sorted.Length; i++)
            {
                hits[i] = new DenseHit(sorted[i].Id, sorted[i].Score);
            }

            return hits;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private TopKHeap SearchInt8(float[] unitQuery, int k, int count, Func<long, bool>? filter)
    {
        var queryCodes = new sbyte[Dimensions];
        var queryScale = Int8Vectors.Quantize(unitQuery, queryCodes);
        var candidates = (int)Math.Min((long)k * _options.RescoreFactor, count);
        var approximate = Scan(candidates, (page, heap) => ScanInt8(page, queryCodes, queryScale, heap, filter));

        // The filter already ran in the approximate pass, so the rescore pass only re-ranks survivors.
        var exact = new TopKHeap(k);
        var buffer = new float[Dimensions];
        foreach (var (_, id, row) in approximate.ToSortedArray())
        {
            var vector = PageOf(row).RescoreRow(row % DenseVectorPage.MaxRows, buffer);
            exact.Offer(TensorPrimitives.Dot(vector, unitQuery), id, row);
        }

        return exact;
    }

    // The scan loops: a one-shot CLI search calls each only a few times, never enough for tiered JIT to optimise them.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScanFloat(int pageIndex, float[] query, TopKHeap heap, Func<long, bool>? filter)
    {
        var page = _pages[pageIndex];
        var floats = page.Floats!;
        var ids = page.Ids;
        var rows = page.Count;
        var dimensions = Dimensions;
        var firstRow = pageIndex * DenseVectorPage.MaxRows;
        for (var row = 0; row < rows; row++)
        {
            var score = TensorPrimitives.Dot(new ReadOnlySpan<float>(floats, row * dimensions, dimensions), query);
            if (heap.CouldAccept(score) && (filter is null || filter(ids[row])))
            {
                heap.Offer(score, ids[row], firstRow + row);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScanInt8(int pageIndex, sbyte[] query, float queryScale, TopKHeap heap, Func<long, bool>? filter)
    {
        var page = _pages[pageIndex];
        var codes = page.Codes!;
        var scales = page.Scales!;
        var ids = page.Ids;
        var rows = page.Count;
        var dimensions = Dimensions;
        var firstRow = pageIndex * DenseVectorPage.MaxRows;
        for (var row = 0; row < rows; row++)
        {
            var dot = Int8Vectors.Dot(new ReadOnlySpan<sbyte>(codes, row * dimensions, dimensions), query);
            var score = dot * scales[row] * queryScale;
            if (heap.CouldAccept(score) && (filter is null || filter(ids[row])))
            {
                heap.Offer(score, ids[row], firstRow + row);
            }
        }
    }

    /// <summary>Runs <paramref name="scanPage"/> over every page, in parallel when the index is large enough.</summary>
    private TopKHeap Scan(int capacity, Action<int, TopKHeap> scanPage)
    {
        var pageCount = _pages.Count;
        if (_options.MaxDegreeOfParallelism == 1 || pageCount == 1 || _rowById.Count < _options.ParallelThresholdRows)
        {
            var heap = new TopKHeap(capacity);
            for (var page = 0; page < pageCount; page++)
            {
                scanPage(page, heap);
            }

            return heap;
        }

        // Each worker keeps its own heap; merging k entries per worker is negligible next to the scan.
        var merged = new TopKHeap(capacity);
        var parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism };
        try
        {
            Parallel.For(
                0,
                pageCount,
                parallelOptions,
                () => new TopKHeap(capacity),
                (page, _, heap) =>
                {
                    scanPage(page, heap);
                    return heap;
                },
                heap =>
                {
                    lock (merged)
                    {
                        merged.MergeFrom(heap);
                    }
                });
        }
        catch (AggregateException error) when (error.InnerExceptions.Count >= 1)
        {
            // A throwing filter should surface as itself, as it does on the single-threaded path (several workers may each have thrown it).
            ExceptionDispatchInfo.Capture(error.InnerExceptions[0]).Throw();
        }

        return merged;
    }
}
