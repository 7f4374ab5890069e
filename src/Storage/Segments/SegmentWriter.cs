using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using Engine.Storage.IO;

namespace Engine.Storage.Segments;

/// <summary>
/// Writes new segment files crash-safely (see <see cref="SegmentLayout"/>). One per shard (used under
/// its checkpoint lock): the staging buffer and the footer are reused from file to file, so a
/// checkpoint allocates per file, not per chunk or byte written.
/// </summary>
internal sealed class SegmentWriter
{
    private const int StagingBytes = 1 << 16;

    private readonly byte[] _staging = new byte[StagingBytes];
    private readonly ArrayBufferWriter<byte> _footer = new();
    private int _staged;

    /// <summary>
    /// Writes <paramref name="chunks"/> (all of one day and shard, ordered by series id; chunks of
    /// one series in write order, which decides which of two equal timestamps wins) to <paramref name="path"/>.
    /// </summary>
    public void Write(string path, int shard, int day, IReadOnlyList<EncodedChunk> chunks)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.Write(path, stream => WriteContent(stream, shard, day, chunks));
    }

    private void WriteContent(FileStream stream, int shard, int day, IReadOnlyList<EncodedChunk> chunks)
    {
        _staged = 0;
        _footer.ResetWrittenCount();
        var header = Stage(stream, SegmentLayout.HeaderBytes);
        header.Clear();
        SegmentLayout.HeaderMagic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], SegmentLayout.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], (ushort)shard);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], day);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], chunks.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], Crc32C.Compute(header[..28]));

        long offset = SegmentLayout.HeaderBytes;
        uint previousSeries = 0;
        long previousMinTime = 0;
        foreach (var chunk in chunks)
        {
            Debug.Assert(chunk.SeriesId >= previousSeries && chunk.Day == day, "chunks must be of one day, in series order");
            Append(stream, chunk.Bytes);
            var entry = _footer.GetSpan(5 * Varint.MaxBytes);
            var length = Varint.Write(entry, chunk.SeriesId - previousSeries);
            length += Varint.Write(entry[length..], (ulong)chunk.Count);
            length += Varint.Write(entry[length..], Varint.ZigZag(unchecked(chunk.MinTime - previousMinTime)));
            length += Varint.Write(entry[length..], unchecked((ulong)(chunk.MaxTime - chunk.MinTime)));
            length += Varint.Write(entry[length..], (ulong)chunk.Length);
            _footer.Advance(length);
            (previousSeries, previousMinTime) = (chunk.SeriesId, chunk.MinTime);
            offset += chunk.Length;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(_footer.GetSpan(4), Crc32C.Compute(_footer.WrittenSpan));
        _footer.Advance(4);
        Append(stream, _footer.WrittenSpan);

        var trailer = Stage(stream, SegmentLayout.TrailerBytes);
        BinaryPrimitives.WriteInt64LittleEndian(trailer, offset);
        BinaryPrimitives.WriteInt32LittleEndian(trailer[8..], chunks.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[12..], Crc32C.Compute(trailer[..12]));
        SegmentLayout.TrailerMagic.CopyTo(trailer[16..]);
        stream.Write(_staging, 0, _staged);
    }

    /// <summary>Copies bytes to the file through the staging buffer; large ones go straight through.</summary>
    private void Append(FileStream stream, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > StagingBytes - _staged)
        {
            stream.Write(_staging, 0, _staged);
            _staged = 0;
            if (bytes.Length >= StagingBytes)
            {
                stream.Write(bytes);
                return;
            }
        }

        bytes.CopyTo(_staging.AsSpan(_staged));
        _staged += bytes.Length;
    }

    /// <summary>Reserves <paramref name="length"/> (at most the staging size) bytes in the staging buffer.</summary>
    private Span<byte> Stage(FileStream stream, int length)
    {
        if (length > StagingBytes - _staged)
        {
            stream.Write(_staging, 0, _staged);
            _staged = 0;
        }

        _staged += length;
        return _staging.AsSpan(_staged - length, length);
    }
}
