using Engine.Storage.Encoding;

namespace Engine.Storage.Segments;

/// <summary>Decodes a chunk after checking its checksum and header.</summary>
internal static class ChunkDecoder
{
    public static DecodedBlock Decode(ReadOnlySpan<byte> chunk)
    {
        ChunkLayout.VerifyChecksum(chunk);
        var header = ChunkLayout.ReadHeader(chunk);
        var block = new DecodedBlock(header.Type, header.Count);
        var timestamps = chunk.Slice(header.HeaderBytes, header.TimestampBytes);
        var values = chunk.Slice(header.HeaderBytes + header.TimestampBytes, header.ValueBytes);
        TimestampCodec.Decode(header.TimestampEncoding, timestamps, block.Timestamps);
        ValueColumns.Decode(header.Type, header.ValueEncoding, values, block.Values, block.Strings);
        return block;
    }
}
