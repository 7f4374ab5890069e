using System.Buffers;
using System.Buffers.Binary;
using Engine.Storage.Encoding;
using Engine.Storage.IO;
using Engine.Storage.Model;

namespace Engine.Storage.Segments;

/// <summary>
/// Encodes sorted, de-duplicated samples of one series into a chunk (<see cref="ChunkLayout"/>).
/// Keeps its column buffers between calls; one per shard writer. Chunks come from a <see cref="ChunkPool"/>.
/// </summary>
internal sealed class ChunkEncoder(ChunkPool pool)
{
    private readonly ArrayBufferWriter<byte> _timestamps = new(1 << 16);
    private readonly ArrayBufferWriter<byte> _values = new(1 << 16);

    /// <summary>Returns a chunk referenced once, by the caller.</summary>
    public EncodedChunk Encode(uint seriesId, FieldType type, int day, ReadOnlySpan<long> timestamps,
        ReadOnlySpan<ulong> values, ReadOnlySpan<string?> strings)
    {
        _timestamps.ResetWrittenCount();
        _values.ResetWrittenCount();
        var timestampEncoding = TimestampCodec.Encode(timestamps, _timestamps);
        var valueEncoding = ValueColumns.Encode(type, values, strings, _values);

        Span<byte> header = stackalloc byte[ChunkLayout.MaxHeaderBytes];
        var headerLength = ChunkLayout.WriteHeader(header, seriesId, type, timestampEncoding, valueEncoding, timestamps.Length, _timestamps.WrittenCount);
        var length = headerLength + _timestamps.WrittenCount + _values.WrittenCount + ChunkLayout.ChecksumBytes;
        var chunk = pool.Rent(length);
        var span = chunk.Buffer[..length];
        header[..headerLength].CopyTo(span);
        _timestamps.WrittenSpan.CopyTo(span[headerLength..]);
        _values.WrittenSpan.CopyTo(span[(headerLength + _timestamps.WrittenCount)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[^ChunkLayout.ChecksumBytes..], Crc32C.Compute(span[..^ChunkLayout.ChecksumBytes]));
        return chunk.Describe(seriesId, day, timestamps[0], timestamps[^1], timestamps.Length, length);
    }
}
