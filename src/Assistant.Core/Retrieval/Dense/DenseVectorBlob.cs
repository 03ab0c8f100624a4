using System.Runtime.InteropServices;

namespace Assistant.Core.Retrieval.Dense;

/// <summary>Vectors as stored in the SQLite store: float32, little-endian, no header.</summary>
public static class DenseVectorBlob
{
    public static byte[] Encode(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(vector).CopyTo(bytes);
            return bytes;
        }

        for (var i = 0; i < vector.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return bytes;
    }

    /// <param name="expectedDimensions">When positive, a BLOB of another length is rejected naming both sizes.</param>
    /// <param name="id">Only used in the error message.</param>
    public static float[] Decode(ReadOnlySpan<byte> blob, int expectedDimensions = 0, long? id = null)
    {
        var vector = new float[Dimensions(blob, expectedDimensions, id)];
        DecodeInto(blob, vector);
        return vector;
    }

    /// <summary>Decodes into <paramref name="destination"/> (exactly the BLOB's dimension count long) without allocating.</summary>
    public static void DecodeInto(ReadOnlySpan<byte> blob, Span<float> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(blob).CopyTo(destination);
            return;
        }

        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(blob[(i * sizeof(float))..]);
        }
    }

    /// <summary>The BLOB's dimension count, after checking it is whole float32 values and, when given, the expected size.</summary>
    public static int Dimensions(ReadOnlySpan<byte> blob, int expectedDimensions = 0, long? id = null)
    {
        var subject = id is null ? "Vector BLOB" : $"Vector BLOB for id {id}";
        if (blob.Length % sizeof(float) != 0)
        {
            throw new ArgumentException($"{subject} is {blob.Length} bytes, not a whole number of float32 values.", nameof(blob));
        }

        var dimensions = blob.Length / sizeof(float);
        if (expectedDimensions > 0 && dimensions != expectedDimensions)
        {
            throw new ArgumentException(
                $"{subject} holds {dimensions} dimensions but the index holds {expectedDimensions}-dimensional vectors.",
                nameof(blob));
        }

        return dimensions;
    }
}
