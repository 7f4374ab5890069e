namespace Engine.Storage.Segments;

/// <summary>
/// A segment file: immutable chunks of one shard for one UTC day, written once by a checkpoint or
/// a compaction and read through memory mapping. Layout (little-endian; varints are LEB128):
/// <code>
/// header   (32 bytes) "ENGSEG01" | u16 version = 2 | u16 shard | i32 day | u32 chunkCount
///                     | u64 reserved = 0 | u32 crc32c(previous 28 bytes)
/// chunks   chunkCount chunks (see ChunkLayout), back to back, in footer order
/// footer   chunkCount entries, each:
///              varint seriesId − previous entry's seriesId (first: − 0)
///              varint count
///              zigzag varint minTime − previous entry's minTime (first: − 0)
///              varint maxTime − minTime
///              varint length of the chunk in bytes
///          u32 crc32c(entries)
/// trailer  (24 bytes) u64 footerOffset | u32 chunkCount | u32 crc32c(previous 12 bytes) | "ENGSEGFT"
/// </code>
/// A chunk's offset is the header size plus the lengths of the chunks before it. Entries are
/// sorted by series id; entries of one series keep write order, and a later chunk wins over an
/// earlier one for the same timestamp.
/// </summary>
internal static class SegmentLayout
{
    public static ReadOnlySpan<byte> HeaderMagic => "ENGSEG01"u8;
    public static ReadOnlySpan<byte> TrailerMagic => "ENGSEGFT"u8;
    public const ushort Version = 2;
    public const int HeaderBytes = 32;
    public const int TrailerBytes = 24;
}

/// <summary>One footer entry: where a chunk is and what it covers.</summary>
internal readonly record struct ChunkEntry(uint SeriesId, int Count, long MinTime, long MaxTime, long Offset, int Length);
