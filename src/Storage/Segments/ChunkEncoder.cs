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

        Span<byte> header = stackalloc byte[ChunkLayout.MaxHeaderBytes];
        var headerLength = ChunkLayout.WriteHeader(header, seriesId, type, timestampEncoding, valueEncoding, timestamps.Length, _timestamps.WrittenCount);
        var bytes = new byte[headerLength + _timestamps.WrittenCount + _values.WrittenCount + ChunkLayout.ChecksumBytes];
        var span = bytes.AsSpan();
        header[..headerLength].CopyTo(span);
        _timestamps.WrittenSpan.CopyTo(span[headerLength..]);
        _values.WrittenSpan.CopyTo(span[(headerLength + _timestamps.WrittenCount)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[^ChunkLayout.ChecksumBytes..], Crc32C.Compute(span[..^ChunkLayout.ChecksumBytes]));
        return new EncodedChunk(seriesId, day, timestamps[0], timestamps[^1], timestamps.Length, bytes);
    }
}
