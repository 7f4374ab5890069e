using System.Buffers;
using System.Buffers.Binary;
using Engine.Storage.Encoding;
using Engine.Storage.IO;
using Engine.Storage.Model;

namespace Engine.Storage.Segments;

/// <summary>
/// Encodes sorted, de-duplicated samples of one series into a chunk (<see cref="ChunkLayout"/>).
/// Keeps its column buffers between calls; one per shard writer.
/// </summary>
internal sealed class ChunkEncoder
{
    private readonly ArrayBufferWriter<byte> _timestamps = new(1 << 16);
    private readonly ArrayBufferWriter<byte> _values = new(1 << 16);

    public EncodedChunk Encode(uint seriesId, FieldType type, int day, ReadOnlySpan<long> timestamps,
        ReadOnlySpan<ulong> values, ReadOnlySpan<string?> strings)
    {
        _timestamps.ResetWrittenCount();
        _values.ResetWrittenCount();
        var timestampEncoding = TimestampCodec.Encode(timestamps, _timestamps);
        var valueEncoding = ValueColumns.Encode(type, values, strings, _values);

        var bytes = new byte[ChunkLayout.OverheadBytes + _timestamps.WrittenCount + _values.WrittenCount];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, seriesId);
        span[4] = (byte)type;
        span[5] = (byte)timestampEncoding;
        span[6] = (byte)valueEncoding;
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], timestamps.Length);
        BinaryPrimitives.WriteInt64LittleEndian(span[12..], timestamps[0]);
        BinaryPrimitives.WriteInt64LittleEndian(span[20..], timestamps[^1]);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], _timestamps.WrittenCount);
        BinaryPrimitives.WriteInt32LittleEndian(span[32..], _values.WrittenCount);
        _timestamps.WrittenSpan.CopyTo(span[ChunkLayout.HeaderBytes..]);
        _values.WrittenSpan.CopyTo(span[(ChunkLayout.HeaderBytes + _timestamps.WrittenCount)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[^ChunkLayout.ChecksumBytes..], Crc32C.Compute(span[..^ChunkLayout.ChecksumBytes]));
        return new EncodedChunk(seriesId, day, timestamps[0], timestamps[^1], timestamps.Length, bytes);
    }
}
