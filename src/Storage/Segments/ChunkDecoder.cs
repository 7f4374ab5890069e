using Engine.Storage.Encoding;
using Engine.Storage.Model;

namespace Engine.Storage.Segments;

/// <summary>Decodes a chunk, or the part of it in a time range, after checking its checksum and header.</summary>
internal static class ChunkDecoder
{
    [ThreadStatic] private static long[]? t_timestamps;

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

    /// <summary>
    /// The samples with <paramref name="startNs"/> ≤ time &lt; <paramref name="endNs"/>: only the
    /// frames that may hold them are decoded (timestamps into a per-thread buffer), each column
    /// only up to the range's end, and the block holds exactly the range, so a short range of a
    /// large chunk costs part of a frame or two.
    /// </summary>
    public static DecodedBlock Decode(ReadOnlySpan<byte> chunk, long startNs, long endNs)
    {
        ChunkLayout.VerifyChecksum(chunk);
        return DecodeChecked(chunk, startNs, endNs);
    }

    /// <summary>
    /// <see cref="Decode(ReadOnlySpan{byte}, long, long)"/> of a chunk whose checksum the caller
    /// has already checked (a segment file's chunk, checked on its first read).
    /// </summary>
    public static DecodedBlock DecodeChecked(ReadOnlySpan<byte> chunk, long startNs, long endNs)
    {
        var header = ChunkLayout.ReadHeader(chunk);
        var timestamps = DecodeTimestampsInRange(chunk, header, startNs, endNs, out var first);
        var block = new DecodedBlock(header.Type, timestamps.Length);
        timestamps.CopyTo(block.Timestamps);
        ValueColumns.DecodeRange(header.Type, header.ValueEncoding, Values(chunk, header), header.Count, first, block.Values, block.Strings);
        return block;
    }

    /// <summary>
    /// <see cref="Decode(ReadOnlySpan{byte}, long, long)"/> into reused <paramref name="columns"/>:
    /// see <see cref="DecodeCheckedInto"/>.
    /// </summary>
    public static void DecodeInto(ReadOnlySpan<byte> chunk, long startNs, long endNs, SampleColumns columns)
    {
        ChunkLayout.VerifyChecksum(chunk);
        DecodeCheckedInto(chunk, startNs, endNs, columns);
    }

    /// <summary>
    /// <see cref="DecodeChecked"/> into reused <paramref name="columns"/> (reset to the chunk's
    /// type) instead of a new block: what the rollup builder reads raw data with.
    /// </summary>
    public static void DecodeCheckedInto(ReadOnlySpan<byte> chunk, long startNs, long endNs, SampleColumns columns)
    {
        var header = ChunkLayout.ReadHeader(chunk);
        var timestamps = DecodeTimestampsInRange(chunk, header, startNs, endNs, out var first);
        columns.Reset(header.Type, timestamps.Length);
        timestamps.CopyTo(columns.TimestampSpace);
        if (header.Type == FieldType.String)
        {
            columns.ValueSpace[..timestamps.Length].Clear(); // strings have no value bits: zero, as in a new block
        }

        ValueColumns.DecodeRange(header.Type, header.ValueEncoding, Values(chunk, header), header.Count, first,
            columns.ValueSpace[..timestamps.Length], header.Type == FieldType.String ? columns.StringSpace[..timestamps.Length] : []);
        columns.SetCount(timestamps.Length);
    }

    /// <summary>
    /// The chunk's timestamps in [<paramref name="startNs"/>, <paramref name="endNs"/>), decoded
    /// into a per-thread buffer from the frames that may hold them; <paramref name="first"/> is the
    /// index of the first of them in the chunk.
    /// </summary>
    private static ReadOnlySpan<long> DecodeTimestampsInRange(ReadOnlySpan<byte> chunk, ChunkHeader header, long startNs, long endNs, out int first)
    {
        var timestampBytes = Timestamps(chunk, header);
        var (from, to) = TimestampCodec.FrameRange(header.TimestampEncoding, timestampBytes, header.Count, startNs, endNs);
        var buffer = (t_timestamps ??= new long[ChunkLayout.MaxSamples]).AsSpan(0, to - from);
        var decoded = buffer[..TimestampCodec.DecodeUntil(header.TimestampEncoding, timestampBytes, header.Count, from, endNs, buffer)];
        var start = DecodedBlock.LowerBound(decoded, startNs);
        var end = DecodedBlock.LowerBound(decoded, endNs);
        first = from + start;
        return decoded[start..end];
    }

    private static ChunkHeader ReadCheckedHeader(ReadOnlySpan<byte> chunk)
    {
        ChunkLayout.VerifyChecksum(chunk);
        return ChunkLayout.ReadHeader(chunk);
    }

    private static void DecodeColumns(ReadOnlySpan<byte> chunk, ChunkHeader header, Span<long> timestamps, Span<ulong> values, Span<string?> strings)
    {
        TimestampCodec.Decode(header.TimestampEncoding, Timestamps(chunk, header), timestamps);
        ValueColumns.DecodeRange(header.Type, header.ValueEncoding, Values(chunk, header), header.Count, 0, values, strings);
    }

    private static ReadOnlySpan<byte> Timestamps(ReadOnlySpan<byte> chunk, ChunkHeader header) =>
        chunk.Slice(header.HeaderBytes, header.TimestampBytes);

    private static ReadOnlySpan<byte> Values(ReadOnlySpan<byte> chunk, ChunkHeader header) =>
        chunk.Slice(header.HeaderBytes + header.TimestampBytes, header.ValueBytes);
}
