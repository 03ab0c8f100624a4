namespace Assistant.Core.Retrieval.Dense;

/// <summary>
/// Bounded min-heap holding the best <c>capacity</c> (score, id, row) triples seen so far. The root is the worst
/// kept entry, so a candidate is admitted in O(log k) and rejected in O(1). Order is score descending, then id
/// ascending, so ties resolve the same way however the scan was partitioned over threads.
/// </summary>
internal sealed class TopKHeap
{
    private readonly float[] _scores;
    private readonly long[] _ids;
    private readonly int[] _rows;

    public TopKHeap(int capacity)
    {
        _scores = new float[capacity];
        _ids = new long[capacity];
        _rows = new int[capacity];
    }

    public int Count { get; private set; }

    public int Capacity => _scores.Length;

    /// <summary>Cheap pre-check so filters and id look-ups run only for rows that could enter the heap.</summary>
    public bool CouldAccept(float score) => Count < _scores.Length || score >= _scores[0];

    public void Offer(float score, long id, int row)
    {
        if (Count < _scores.Length)
        {
            var i = Count++;
            _scores[i] = score;
            _ids[i] = id;
            _rows[i] = row;
            SiftUp(i);
            return;
        }

        if (!Better(score, id, _scores[0], _ids[0]))
        {
            return;
        }

        _scores[0] = score;
        _ids[0] = id;
        _rows[0] = row;
        SiftDown(0);
    }

    public void MergeFrom(TopKHeap other)
    {
        for (var i = 0; i < other.Count; i++)
        {
            Offer(other._scores[i], other._ids[i], other._rows[i]);
        }
    }

    /// <summary>Entries best first. Leaves the heap unchanged.</summary>
    public (float Score, long Id, int Row)[] ToSortedArray()
    {
        var result = new (float Score, long Id, int Row)[Count];
        for (var i = 0; i < Count; i++)
        {
            result[i] = (_scores[i], _ids[i], _rows[i]);
        }

        Array.Sort(result, static (a, b) => Better(a.Score, a.Id, b.Score, b.Id) ? -1 : Better(b.Score, b.Id, a.Score, a.Id) ? 1 : 0);
        return result;
    }

    private static bool Better(float score, long id, float otherScore, long otherId) =>
        score > otherScore || (score == otherScore && id < otherId);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!Better(_scores[parent], _ids[parent], _scores[i], _ids[i]))
            {
                break;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = (2 * i) + 1;
            if (left >= Count)
            {
                return;
            }

            var worst = left;
            var right = left + 1;
            if (right < Count && Better(_scores[left], _ids[left], _scores[right], _ids[right]))
            {
                worst = right;
            }

            if (!Better(_scores[i], _ids[i], _scores[worst], _ids[worst]))
            {
                return;
            }

            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_ids[a], _ids[b]) = (_ids[b], _ids[a]);
        (_rows[a], _rows[b]) = (_rows[b], _rows[a]);
    }
}
