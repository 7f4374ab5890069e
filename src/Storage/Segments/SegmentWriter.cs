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

            var footer = new byte[(ordered.Count * SegmentLayout.EntryBytes) + 4];
            long offset = SegmentLayout.HeaderBytes;
            for (var i = 0; i < ordered.Count; i++)
            {
                var chunk = ordered[i];
                stream.Write(chunk.Bytes);
                var entry = footer.AsSpan(i * SegmentLayout.EntryBytes, SegmentLayout.EntryBytes);
                BinaryPrimitives.WriteUInt32LittleEndian(entry, chunk.SeriesId);
                BinaryPrimitives.WriteInt32LittleEndian(entry[4..], chunk.Count);
                BinaryPrimitives.WriteInt64LittleEndian(entry[8..], chunk.MinTime);
                BinaryPrimitives.WriteInt64LittleEndian(entry[16..], chunk.MaxTime);
                BinaryPrimitives.WriteInt64LittleEndian(entry[24..], offset);
                BinaryPrimitives.WriteInt32LittleEndian(entry[32..], chunk.Bytes.Length);
                offset += chunk.Bytes.Length;
            }

            var entries = footer.AsSpan(0, footer.Length - 4);
            BinaryPrimitives.WriteUInt32LittleEndian(footer.AsSpan(footer.Length - 4), Crc32C.Compute(entries));
            stream.Write(footer);

            var trailer = new byte[SegmentLayout.TrailerBytes];
            BinaryPrimitives.WriteInt64LittleEndian(trailer, offset);
            BinaryPrimitives.WriteInt32LittleEndian(trailer.AsSpan(8), ordered.Count);
            BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(12), Crc32C.Compute(trailer.AsSpan(0, 12)));
            SegmentLayout.TrailerMagic.CopyTo(trailer.AsSpan(16));
            stream.Write(trailer);
        });
    }
}
