using System.Numerics.Tensors;

namespace Assistant.Core.Retrieval.Dense;

/// <summary>
/// Up to <see cref="MaxRows"/> unit vectors stored row-major in contiguous arrays. A full page is never
/// reallocated, so growing a 100k-row index allocates new pages instead of copying one giant array (LOH churn).
/// Only the first page starts small and doubles (a 50-chunk knowledge base should not cost 12 MB); later pages
/// are allocated full size at once, because the discarded doubling steps left ~70 MB of committed but free LOH
/// behind when loading 100k × 768.
/// </summary>
internal sealed class DenseVectorPage
{
    public const int MaxRows = 4096;
    private const int InitialRows = 64;

    private readonly int _dimensions;
    private readonly bool _quantized;
    private readonly RescorePrecision _precision;

    public DenseVectorPage(int dimensions, DenseIndexOptions options, bool startSmall)
    {
        _dimensions = dimensions;
        _quantized = options.Quantization == DenseQuantization.Int8;
        _precision = options.RescorePrecision;
        Ids = [];
        Resize(startSmall ? InitialRows : MaxRows);
    }

    public long[] Ids { get; private set; }

    /// <summary>float32 rows: the scan data when not quantised, else the rescore copy when precision is Single.</summary>
    public float[]? Floats { get; private set; }

    public sbyte[]? Codes { get; private set; }

    public float[]? Scales { get; private set; }

    public Half[]? Halves { get; private set; }

    public int Count { get; private set; }

    public bool IsFull => Count == MaxRows;

    public int Append(long id, ReadOnlySpan<float> unitVector)
    {
        if (Count == Ids.Length)
        {
            Resize(Math.Min(Ids.Length * 2, MaxRows));
        }

        var row = Count++;
        Write(row, id, unitVector);
        return row;
    }

    public void Write(int row, long id, ReadOnlySpan<float> unitVector)
    {
        Ids[row] = id;
        var offset = row * _dimensions;
        if (Floats is not null)
        {
            unitVector.CopyTo(Floats.AsSpan(offset, _dimensions));
        }

        if (Codes is not null)
        {
            Scales![row] = Int8Vectors.Quantize(unitVector, Codes.AsSpan(offset, _dimensions));
        }

        if (Halves is not null)
        {
            TensorPrimitives.ConvertToHalf(unitVector, Halves.AsSpan(offset, _dimensions));
        }
    }

    /// <summary>Moves <paramref name="sourceRow"/> of <paramref name="source"/> into <paramref name="row"/> (swap-remove).</summary>
    public void CopyRowFrom(int row, DenseVectorPage source, int sourceRow)
    {
        Ids[row] = source.Ids[sourceRow];
        var to = row * _dimensions;
        var from = sourceRow * _dimensions;
        if (Floats is not null)
        {
            source.Floats.AsSpan(from, _dimensions).CopyTo(Floats.AsSpan(to, _dimensions));
        }

        if (Codes is not null)
        {
            source.Codes.AsSpan(from, _dimensions).CopyTo(Codes.AsSpan(to, _dimensions));
            Scales![row] = source.Scales![sourceRow];
        }

        if (Halves is not null)
        {
            source.Halves.AsSpan(from, _dimensions).CopyTo(Halves.AsSpan(to, _dimensions));
        }
    }

    public void RemoveLast() => Count--;

    public ReadOnlySpan<float> FloatRow(int row) => Floats.AsSpan(row * _dimensions, _dimensions);

    public ReadOnlySpan<sbyte> CodeRow(int row) => Codes.AsSpan(row * _dimensions, _dimensions);

    /// <summary>The stored unit vector as float32, converting from float16 into <paramref name="buffer"/> when needed.</summary>
    public ReadOnlySpan<float> RescoreRow(int row, Span<float> buffer)
    {
        if (Floats is not null)
        {
            return FloatRow(row);
        }

        TensorPrimitives.ConvertToSingle(Halves.AsSpan(row * _dimensions, _dimensions), buffer);
        return buffer;
    }

    private void Resize(int rows)
    {
        var ids = Ids;
        Array.Resize(ref ids, rows);
        Ids = ids;
        var length = rows * _dimensions;
        if (!_quantized || _precision == RescorePrecision.Single)
        {
            Floats = Grow(Floats, length);
        }

        if (_quantized)
        {
            Codes = Grow(Codes, length);
            Scales = Grow(Scales, rows);
            if (_precision == RescorePrecision.Half)
            {
                Halves = Grow(Halves, length);
            }
        }
    }

    private static T[] Grow<T>(T[]? array, int length)
    {
        Array.Resize(ref array, length);
        return array;
    }
}
