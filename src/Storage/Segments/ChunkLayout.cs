using System.Buffers.Binary;
using Engine.Storage.Encoding;
using Engine.Storage.IO;
using Engine.Storage.Model;

namespace Engine.Storage.Segments;

/// <summary>
/// One chunk: the samples of one series within one UTC day, in time order, encoded column by
/// column, self-describing and checksummed. The same bytes live in memory (sealed, not yet
/// flushed) and in segment files. Layout (varints are LEB128):
/// <code>
/// varint seriesId
/// u8     fieldType             (FieldType)
/// u8     timestampEncoding     (ColumnEncoding)
/// u8     valueEncoding         (ColumnEncoding)
/// varint count                 (1 .. MaxSamples)
/// varint timestampBytes
/// timestamp column (timestampBytes) | value column (up to the checksum)
/// u32    crc32c over every byte before it (little-endian)
/// </code>
/// The time range of a chunk is in the segment footer (and in memory beside a sealed chunk). The
/// columns are cut into frames (see Encoding/Frames.cs), so a range decodes without the whole chunk.
/// </summary>
internal static class ChunkLayout
{
    public const int ChecksumBytes = 4;
    public const int MaxHeaderBytes = (3 * Varint.MaxBytes) + 3;
    private const int MinBytes = 1 + 3 + 1 + 1 + ChecksumBytes;

    /// <summary>
    /// Samples per chunk at most (16,384): a whole day of a 10-second series fits one chunk, so
    /// per-chunk costs (header, footer entry, entropy tables) are paid once a series a day.
    /// </summary>
    public const int MaxSamples = 16_384;

    public static ChunkHeader ReadHeader(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length < MinBytes)
        {
            throw new CorruptDataException($"chunk of {chunk.Length} bytes is shorter than its header");
        }

        var reader = new SpanReader(chunk[..^ChecksumBytes], "chunk header");
        var seriesId = reader.ReadVarint();
        var type = (FieldType)reader.ReadByte();
        var timestampEncoding = (ColumnEncoding)reader.ReadByte();
        var valueEncoding = (ColumnEncoding)reader.ReadByte();
        var count = reader.ReadVarint();
        var timestampBytes = reader.ReadVarint();
        if (seriesId > uint.MaxValue || !Enum.IsDefined(type) || count is < 1 or > MaxSamples
            || timestampBytes > (ulong)reader.Remaining)
        {
            throw new CorruptDataException("chunk header is inconsistent");
        }

        return new ChunkHeader((uint)seriesId, type, timestampEncoding, valueEncoding, (int)count,
            HeaderBytes: reader.Position, TimestampBytes: (int)timestampBytes, ValueBytes: reader.Remaining - (int)timestampBytes);
    }

    /// <summary>Writes a header; returns its length.</summary>
    public static int WriteHeader(Span<byte> destination, uint seriesId, FieldType type, ColumnEncoding timestampEncoding,
        ColumnEncoding valueEncoding, int count, int timestampBytes)
    {
        var length = Varint.Write(destination, seriesId);
        destination[length++] = (byte)type;
        destination[length++] = (byte)timestampEncoding;
        destination[length++] = (byte)valueEncoding;
        length += Varint.Write(destination[length..], (ulong)count);
        length += Varint.Write(destination[length..], (ulong)timestampBytes);
        return length;
    }

    /// <summary>Checks the chunk's checksum; damage is a <see cref="CorruptDataException"/>.</summary>
    public static void VerifyChecksum(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length < MinBytes)
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

/// <summary>The header of a chunk (see <see cref="ChunkLayout"/>).</summary>
internal readonly record struct ChunkHeader(
    uint SeriesId,
    FieldType Type,
    ColumnEncoding TimestampEncoding,
    ColumnEncoding ValueEncoding,
    int Count,
    int HeaderBytes,
    int TimestampBytes,
    int ValueBytes);
