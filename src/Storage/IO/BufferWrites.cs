using System.Buffers;
using System.Buffers.Binary;

namespace Engine.Storage.IO;

/// <summary>Little-endian and varint writes onto a buffer writer, the counterpart of <see cref="SpanReader"/>.</summary>
public static class BufferWrites
{
    public static void WriteByte(this IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    public static void WriteVarint(this IBufferWriter<byte> output, ulong value) =>
        output.Advance(Varint.Write(output.GetSpan(Varint.MaxBytes), value));

    public static void WriteUInt32(this IBufferWriter<byte> output, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(output.GetSpan(4), value);
        output.Advance(4);
    }

    public static void WriteUInt64(this IBufferWriter<byte> output, ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(output.GetSpan(8), value);
        output.Advance(8);
    }

    public static void WriteDouble(this IBufferWriter<byte> output, double value) =>
        output.WriteUInt64(BitConverter.DoubleToUInt64Bits(value));
}
