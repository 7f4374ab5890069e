using Engine.Storage.Encoding;

namespace Engine.Storage.Segments;

/// <summary>Decodes a chunk, or the part of it in a time range, after checking its checksum and header.</summary>
internal static class ChunkDecoder
{
    [ThreadStatic] private static long[]? t_timestamps;

    public static DecodedBlock Decode(ReadOnlySpan<byte> chunk)
    {
        ChunkLayout.VerifyChecksum(chunk);
        var header = ChunkLayout.ReadHeader(chunk);
        var block = new DecodedBlock(header.Type, header.Count);
        TimestampCodec.Decode(header.TimestampEncoding, Timestamps(chunk, header), block.Timestamps);
        ValueColumns.DecodeRange(header.Type, header.ValueEncoding, Values(chunk, header), header.Count, 0, block.Values, block.Strings);
        return block;
    }

    /// <summary>
    /// The samples with <paramref name="startNs"/> ≤ time &lt; <paramref name="endNs"/>: only the
    /// frames that may hold them are decoded (timestamps into a per-thread buffer), and the block
    /// holds exactly the range, so a short range of a large chunk costs a frame or two.
    /// </summary>
    public static DecodedBlock Decode(ReadOnlySpan<byte> chunk, long startNs, long endNs)
    {
        ChunkLayout.VerifyChecksum(chunk);
        var header = ChunkLayout.ReadHeader(chunk);
        var timestampBytes = Timestamps(chunk, header);
        var (from, to) = TimestampCodec.FrameRange(header.TimestampEncoding, timestampBytes, header.Count, startNs, endNs);
        var decoded = (t_timestamps ??= new long[ChunkLayout.MaxSamples]).AsSpan(0, to - from);
        TimestampCodec.DecodeRange(header.TimestampEncoding, timestampBytes, header.Count, from, decoded);
        var first = DecodedBlock.LowerBound(decoded, startNs);
        var end = DecodedBlock.LowerBound(decoded, endNs);

        var block = new DecodedBlock(header.Type, end - first);
        decoded[first..end].CopyTo(block.Timestamps);
        ValueColumns.DecodeRange(header.Type, header.ValueEncoding, Values(chunk, header), header.Count, from + first, block.Values, block.Strings);
        return block;
    }

    private static ReadOnlySpan<byte> Timestamps(ReadOnlySpan<byte> chunk, ChunkHeader header) =>
        chunk.Slice(header.HeaderBytes, header.TimestampBytes);

    private static ReadOnlySpan<byte> Values(ReadOnlySpan<byte> chunk, ChunkHeader header) =>
        chunk.Slice(header.HeaderBytes + header.TimestampBytes, header.ValueBytes);
}
