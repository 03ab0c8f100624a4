using System.Buffers;
using System.Numerics.Tensors;

namespace Assistant.Core.Retrieval.Dense;

/// <summary>
/// Exact (or int8-then-rescored) cosine nearest-neighbour search over in-memory vectors keyed by a long id
/// (the store's chunk row id). Vectors are normalised on the way in, so cosine is a dot product.
/// Any number of searches run concurrently; <see cref="Add"/> and <see cref="Remove"/> take a writer lock and
/// wait for running searches. Dispose releases the lock's kernel handle.
/// </summary>
public sealed partial class DenseVectorIndex : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly List<DenseVectorPage> _pages = [];
    private readonly Dictionary<long, int> _rowById = [];
    private readonly DenseIndexOptions _options;

    public DenseVectorIndex(int dimensions, DenseIndexOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        _options = options ?? DenseIndexOptions.Default;
        _options.Validate();
        Dimensions = dimensions;
    }

    public int Dimensions { get; }

    public DenseIndexOptions Options => _options;

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _rowById.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public bool Contains(long id)
    {
        _lock.EnterReadLock();
        try
        {
            return _rowById.ContainsKey(id);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Adds <paramref name="vector"/> under <paramref name="id"/>, replacing any vector already stored for it.</summary>
    /// <exception cref="ArgumentException">Wrong dimension count, a zero vector, or NaN/infinite components.</exception>
    public void Add(long id, ReadOnlySpan<float> vector)
    {
        var buffer = ArrayPool<float>.Shared.Rent(Dimensions);
        try
        {
            var unit = buffer.AsSpan(0, Dimensions);
            Normalize(vector, unit, $"vector for id {id}");
            _lock.EnterWriteLock();
            try
            {
                if (_rowById.TryGetValue(id, out var existing))
                {
                    PageOf(existing).Write(existing % DenseVectorPage.MaxRows, id, unit);
                    return;
                }

                if (_pages.Count == 0 || _pages[^1].IsFull)
                {
                    _pages.Add(new DenseVectorPage(Dimensions, _options, startSmall: _pages.Count == 0));
                }

                var row = _pages[^1].Append(id, unit);
                _rowById[id] = ((_pages.Count - 1) * DenseVectorPage.MaxRows) + row;
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>Adds a vector stored as a float32 little-endian BLOB (the SQLite store's format).</summary>
    public void AddBlob(long id, ReadOnlySpan<byte> blob)
    {
        // Loading 100k rows should not allocate a float[] per row: decode into a rented buffer.
        var buffer = ArrayPool<float>.Shared.Rent(DenseVectorBlob.Dimensions(blob, Dimensions, id));
        try
        {
            var vector = buffer.AsSpan(0, Dimensions);
            DenseVectorBlob.DecodeInto(blob, vector);
            Add(id, vector);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <returns>False when nothing was stored under <paramref name="id"/>.</returns>
    public bool Remove(long id)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_rowById.Remove(id, out var hole))
            {
                return false;
            }

            // Swap-remove keeps rows dense so scans never skip tombstones: the last row moves into the hole.
            var last = _rowById.Count;
            var lastPage = _pages[^1];
            if (hole != last)
            {
                var lastRow = last % DenseVectorPage.MaxRows;
                PageOf(hole).CopyRowFrom(hole % DenseVectorPage.MaxRows, lastPage, lastRow);
                _rowById[lastPage.Ids[lastRow]] = hole;
            }

            lastPage.RemoveLast();
            if (lastPage.Count == 0)
            {
                _pages.RemoveAt(_pages.Count - 1);
            }

            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Clear()
    {
        _lock.EnterWriteLock();
        try
        {
            _pages.Clear();
            _rowById.Clear();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Dispose() => _lock.Dispose();

    private DenseVectorPage PageOf(int globalRow) => _pages[globalRow / DenseVectorPage.MaxRows];

    private void Normalize(ReadOnlySpan<float> vector, Span<float> unit, string what)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException(
                $"The {what} has {vector.Length} dimensions but this index holds {Dimensions}-dimensional vectors " +
                "(was the embedding model changed without re-indexing?).",
                nameof(vector));
        }

        var norm = TensorPrimitives.Norm(vector);
        if (!float.IsFinite(norm) || norm == 0f)
        {
            throw new ArgumentException(
                $"The {what} cannot be normalised: its length is {norm} (all zeros, NaN or infinite components).",
                nameof(vector));
        }

        TensorPrimitives.Divide(vector, norm, unit);
    }
}
