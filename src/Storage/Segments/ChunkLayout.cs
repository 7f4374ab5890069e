using System.Buffers.Binary;
using Engine.Storage.Encoding;
using Engine.Storage.IO;
using Engine.Storage.Model;

namespace Engine.Storage.Segments;

/// <summary>
/// One chunk: the samples of one series within one UTC day, in time order, encoded column by
/// column, self-describing and checksummed. The same bytes live in memory (sealed, not yet
/// flushed) and in segment files. Layout (little-endian):
/// <code>
///  0  u32 seriesId
///  4  u8  fieldType            (FieldType)
///  5  u8  timestampEncoding    (ColumnEncoding)
///  6  u8  valueEncoding        (ColumnEncoding)
///  7  u8  reserved = 0
///  8  u32 count                (1 .. MaxSamples)
/// 12  i64 minTime              (ns, first sample)
/// 20  i64 maxTime              (ns, last sample)
/// 28  u32 timestampBytes
/// 32  u32 valueBytes
/// 36  timestamp column | value column
/// end u32 crc32c over every byte before it
/// </code>
/// </summary>
internal static class ChunkLayout
{
    public const int HeaderBytes = 36;
    public const int ChecksumBytes = 4;
    public const int OverheadBytes = HeaderBytes + ChecksumBytes;

    /// <summary>Samples per chunk at most; a head buffer is sealed when it reaches it.</summary>
    public const int MaxSamples = 8192;

    public static ChunkHeader ReadHeader(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length < OverheadBytes)
        {
            throw new CorruptDataException($"chunk of {chunk.Length} bytes is shorter than its header");
        }

        var header = new ChunkHeader(
            SeriesId: BinaryPrimitives.ReadUInt32LittleEndian(chunk),
            Type: (FieldType)chunk[4],
            TimestampEncoding: (ColumnEncoding)chunk[5],
            ValueEncoding: (ColumnEncoding)chunk[6],
            Count: BinaryPrimitives.ReadInt32LittleEndian(chunk[8..]),
            MinTime: BinaryPrimitives.ReadInt64LittleEndian(chunk[12..]),
            MaxTime: BinaryPrimitives.ReadInt64LittleEndian(chunk[20..]),
            TimestampBytes: BinaryPrimitives.ReadInt32LittleEndian(chunk[28..]),
            ValueBytes: BinaryPrimitives.ReadInt32LittleEndian(chunk[32..]));
        if (header.Count is < 1 or > MaxSamples || header.TimestampBytes < 0 || header.ValueBytes < 0
            || (long)header.TimestampBytes + header.ValueBytes + OverheadBytes != chunk.Length
            || !Enum.IsDefined(header.Type) || header.MinTime > header.MaxTime)
        {
            throw new CorruptDataException("chunk header is inconsistent");
        }

        return header;
    }

    /// <summary>Checks the chunk's checksum; damage is a <see cref="CorruptDataException"/>.</summary>
    public static void VerifyChecksum(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length < OverheadBytes)
        {
            throw new CorruptDataException($"chunk of {chunk.Length} bytes is shorter than its header");
        }

        var body = chunk[..^ChecksumBytes];
        if (Crc32C.Compute(body) != BinaryPrimitives.ReadUInt32LittleEndian(chunk[^ChecksumBytes..]))
        {
            throw new CorruptDataException("chunk checksum mismatch");
        }
    }
}

/// <summary>The fixed header of a chunk (see <see cref="ChunkLayout"/>).</summary>
internal readonly record struct ChunkHeader(
    uint SeriesId,
    FieldType Type,
    ColumnEncoding TimestampEncoding,
    ColumnEncoding ValueEncoding,
    int Count,
    long MinTime,
    long MaxTime,
    int TimestampBytes,
    int ValueBytes);
