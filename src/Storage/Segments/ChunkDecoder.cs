using Engine.Storage.Encoding;
using Engine.Storage.Model;

namespace Engine.Storage.Segments;

/// <summary>Decodes a chunk after checking its checksum and header.</summary>
internal static class ChunkDecoder
{
    public static DecodedBlock Decode(ReadOnlySpan<byte> chunk)
    {
        var header = ReadCheckedHeader(chunk);
        var block = new DecodedBlock(header.Type, header.Count);
        DecodeColumns(chunk, header, block.Timestamps, block.Values, block.Strings);
        return block;
    }

    /// <summary>
    /// Decodes into the caller's columns (room for <see cref="ChunkLayout.MaxSamples"/>; strings only
    /// read for string series) instead of a new block; returns the header, whose count says how
    /// many samples were written.
    /// </summary>
    public static ChunkHeader DecodeInto(ReadOnlySpan<byte> chunk, Span<long> timestamps, Span<ulong> values, Span<string?> strings)
    {
        var header = ReadCheckedHeader(chunk);
        DecodeColumns(chunk, header, timestamps[..header.Count], values[..header.Count],
            header.Type == FieldType.String ? strings[..header.Count] : []);
        return header;
    }

    private static ChunkHeader ReadCheckedHeader(ReadOnlySpan<byte> chunk)
    {
        ChunkLayout.VerifyChecksum(chunk);
        return ChunkLayout.ReadHeader(chunk);
    }

    private static void DecodeColumns(ReadOnlySpan<byte> chunk, ChunkHeader header, Span<long> timestamps, Span<ulong> values, Span<string?> strings)
    {
        TimestampCodec.Decode(header.TimestampEncoding, chunk.Slice(header.HeaderBytes, header.TimestampBytes), timestamps);
        ValueColumns.Decode(header.Type, header.ValueEncoding, chunk.Slice(header.HeaderBytes + header.TimestampBytes, header.ValueBytes), values, strings);
    }
}
