using System.Buffers;
using System.Buffers.Binary;

namespace Engine.Storage.Encoding;

/// <summary>
/// <see cref="ColumnEncoding.Raw64"/>: each sample as 8 bytes little-endian (long, ulong or the
/// IEEE-754 bits of a double). The fallback when no compression helps; exactly 8n bytes, so any
/// sample is found by arithmetic and the form needs no frames.
/// </summary>
internal static class Raw64
{
    public static int Length(int count) => 8 * count;

    public static void Write(ReadOnlySpan<long> values, IBufferWriter<byte> output)
    {
        if (values.IsEmpty)
            return;
        var destination = output.GetSpan(Length(values.Length));
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(destination[(8 * i)..], values[i]);
        output.Advance(Length(values.Length));
    }

    /// <summary>Reads samples [<paramref name="from"/>, from + output.Length) of a column of <paramref name="count"/>.</summary>
    public static void Read(ReadOnlySpan<byte> source, int count, int from, Span<long> output)
    {
        if (source.Length != Length(count))
            Corrupt.Throw($"raw column holds {source.Length} bytes, expected {Length(count)}");
        for (var i = 0; i < output.Length; i++)
            output[i] = BinaryPrimitives.ReadInt64LittleEndian(source[(8 * (from + i))..]);
    }
}
