using System.Buffers;
using System.Buffers.Binary;
using Engine.Storage.IO;

namespace Engine.Storage.Segments;

/// <summary>Writes a new segment file crash-safely (see <see cref="SegmentLayout"/>).</summary>
internal static class SegmentWriter
{
    /// <summary>
    /// Writes <paramref name="chunks"/> (all of one day and shard) to <paramref name="path"/>; chunks of
    /// one series keep their relative order, which decides which of two equal timestamps wins.
    /// </summary>
    public static void Write(string path, int shard, int day, IReadOnlyList<EncodedChunk> chunks)
    {
        var ordered = chunks.Select((chunk, index) => (chunk, index))
            .OrderBy(c => c.chunk.SeriesId).ThenBy(c => c.index).Select(c => c.chunk).ToList();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.Write(path, stream =>
        {
            var header = new byte[SegmentLayout.HeaderBytes];
            SegmentLayout.HeaderMagic.CopyTo(header);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), SegmentLayout.Version);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(10), (ushort)shard);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), day);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), ordered.Count);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(28), Crc32C.Compute(header.AsSpan(0, 28)));
            stream.Write(header);

            var footer = new ArrayBufferWriter<byte>((ordered.Count * 16) + 4);
            long offset = SegmentLayout.HeaderBytes;
            uint previousSeries = 0;
            long previousMinTime = 0;
            foreach (var chunk in ordered)
            {
                stream.Write(chunk.Bytes);
                var entry = footer.GetSpan(5 * Varint.MaxBytes);
                var length = Varint.Write(entry, chunk.SeriesId - previousSeries);
                length += Varint.Write(entry[length..], (ulong)chunk.Count);
                length += Varint.Write(entry[length..], Varint.ZigZag(unchecked(chunk.MinTime - previousMinTime)));
                length += Varint.Write(entry[length..], unchecked((ulong)(chunk.MaxTime - chunk.MinTime)));
                length += Varint.Write(entry[length..], (ulong)chunk.Bytes.Length);
                footer.Advance(length);
                (previousSeries, previousMinTime) = (chunk.SeriesId, chunk.MinTime);
                offset += chunk.Bytes.Length;
            }

            BinaryPrimitives.WriteUInt32LittleEndian(footer.GetSpan(4), Crc32C.Compute(footer.WrittenSpan));
            footer.Advance(4);
            stream.Write(footer.WrittenSpan);

            var trailer = new byte[SegmentLayout.TrailerBytes];
            BinaryPrimitives.WriteInt64LittleEndian(trailer, offset);
            BinaryPrimitives.WriteInt32LittleEndian(trailer.AsSpan(8), ordered.Count);
            BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(12), Crc32C.Compute(trailer.AsSpan(0, 12)));
            SegmentLayout.TrailerMagic.CopyTo(trailer.AsSpan(16));
            stream.Write(trailer);
        });
    }
}
