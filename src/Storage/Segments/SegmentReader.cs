using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using Engine.Storage.IO;

namespace Engine.Storage.Segments;

/// <summary>
/// An open, memory-mapped segment file. The footer is loaded and checked on open; each chunk's
/// checksum is checked when the chunk is read (by range reads only on the first successful read
/// since the file was opened), so damage to one chunk leaves the others readable.
/// Thread-safe for reads.
/// </summary>
internal sealed unsafe class SegmentReader : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private readonly ChunkEntry[] _entries;

    /// <summary>Per chunk, whether a range read has found its checksum intact since the file was opened.</summary>
    private readonly bool[] _checksumChecked;

    /// <summary>The owning shard's reference plus one per reader in flight; the file is unmapped at zero.</summary>
    private int _references = 1;

    private SegmentReader(string path, MemoryMappedFile file, MemoryMappedViewAccessor view, byte* pointer, long length,
        int shard, int day, long generation)
    {
        Path = path;
        _file = file;
        _view = view;
        _pointer = pointer;
        Length = length;
        Shard = shard;
        Day = day;
        Generation = generation;
        _entries = ReadFooter();
        _checksumChecked = new bool[_entries.Length];
    }

    public string Path { get; }

    public long Length { get; }

    public int Shard { get; }

    public int Day { get; }

    public long Generation { get; }

    public IReadOnlyList<ChunkEntry> Entries => _entries;

    /// <summary>Opens and validates a segment; a damaged header, footer or trailer is a located error.</summary>
    public static SegmentReader Open(string path, long generation)
    {
        var length = new FileInfo(path).Length;
        if (length < SegmentLayout.HeaderBytes + SegmentLayout.TrailerBytes + 4)
        {
            throw new CorruptDataException($"segment of {length} bytes is too short", path, 0);
        }

        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            pointer += view.PointerOffset;
            var header = new ReadOnlySpan<byte>(pointer, SegmentLayout.HeaderBytes);
            if (!header[..8].SequenceEqual(SegmentLayout.HeaderMagic))
            {
                throw new CorruptDataException("not a segment file (bad magic)", path, 0);
            }

            if (Crc32C.Compute(header[..28]) != BinaryPrimitives.ReadUInt32LittleEndian(header[28..]))
            {
                throw new CorruptDataException("segment header checksum mismatch", path, 0);
            }

            var version = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
            if (version != SegmentLayout.Version)
            {
                throw new CorruptDataException($"unsupported segment version {version}", path, 8);
            }

            var shard = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
            var day = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
            return new SegmentReader(path, file, view, pointer, length, shard, day, generation);
        }
        catch
        {
            if (view is not null)
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
                view.Dispose();
            }

            file.Dispose();
            throw;
        }
    }

    /// <summary>The raw bytes of chunk <paramref name="index"/>; valid while this reader is open.</summary>
    public ReadOnlySpan<byte> ChunkBytes(int index)
    {
        var entry = _entries[index];
        return new ReadOnlySpan<byte>(_pointer + entry.Offset, entry.Length);
    }

    /// <summary>Decodes chunk <paramref name="index"/>; damage is reported with this file and the chunk's offset.</summary>
    public DecodedBlock Decode(int index)
    {
        try
        {
            return ChunkDecoder.Decode(ChunkBytes(index));
        }
        catch (CorruptDataException e)
        {
            throw e.At(Path, _entries[index].Offset);
        }
    }

    /// <summary>Decodes chunk <paramref name="index"/> into the caller's columns (see <see cref="ChunkDecoder.DecodeInto"/>).</summary>
    public ChunkHeader DecodeInto(int index, Span<long> timestamps, Span<ulong> values, Span<string?> strings)
    {
        try
        {
            return ChunkDecoder.DecodeInto(ChunkBytes(index), timestamps, values, strings);
        }
        catch (CorruptDataException e)
        {
            throw e.At(Path, _entries[index].Offset);
        }
    }

    /// <summary>Decodes the samples of chunk <paramref name="index"/> in [startNs, endNs), decoding only the frames they fall in.</summary>
    public DecodedBlock Decode(int index, long startNs, long endNs)
    {
        try
        {
            return ChunkDecoder.DecodeChecked(CheckedChunkBytes(index), startNs, endNs);
        }
        catch (CorruptDataException e)
        {
            throw e.At(Path, _entries[index].Offset);
        }
    }

    /// <summary>
    /// <see cref="Decode(int, long, long)"/> into reused <paramref name="columns"/> (see
    /// <see cref="ChunkDecoder.DecodeCheckedInto"/>).
    /// </summary>
    public void DecodeInto(int index, long startNs, long endNs, SampleColumns columns)
    {
        try
        {
            ChunkDecoder.DecodeCheckedInto(CheckedChunkBytes(index), startNs, endNs, columns);
        }
        catch (CorruptDataException e)
        {
            throw e.At(Path, _entries[index].Offset);
        }
    }

    /// <summary>
    /// The bytes of chunk <paramref name="index"/>, its checksum checked until it is found intact
    /// once since the file was opened. The file is immutable: damage already on disk shows on the
    /// first read, damage arising while the file stays open at the next open or `engine check`.
    /// Checking a whole day's chunk on every short range read would cost more than decoding the range.
    /// </summary>
    private ReadOnlySpan<byte> CheckedChunkBytes(int index)
    {
        var bytes = ChunkBytes(index);
        if (!Volatile.Read(ref _checksumChecked[index]))
        {
            ChunkLayout.VerifyChecksum(bytes);
            Volatile.Write(ref _checksumChecked[index], true);
        }

        return bytes;
    }

    /// <summary>
    /// The index of the first chunk of a series (the chunks of a series follow each other in
    /// <see cref="Entries"/>), or where it would be: a loop over them that allocates nothing.
    /// </summary>
    public int FirstChunkOf(uint seriesId) => LowerBound(seriesId);

    /// <summary>Indexes of the chunks of a series that overlap [startNs, endNs), in write order.</summary>
    public IEnumerable<int> FindChunks(uint seriesId, long startNs, long endNs)
    {
        var index = LowerBound(seriesId);
        for (; index < _entries.Length && _entries[index].SeriesId == seriesId; index++)
        {
            if (_entries[index].MaxTime >= startNs && _entries[index].MinTime < endNs)
            {
                yield return index;
            }
        }
    }

    /// <summary>Checks every chunk's checksum; returns one located error per damaged chunk.</summary>
    public IEnumerable<CorruptDataException> Verify()
    {
        for (var i = 0; i < _entries.Length; i++)
        {
            CorruptDataException? problem = null;
            try
            {
                var bytes = ChunkBytes(i);
                ChunkLayout.VerifyChecksum(bytes);
                var header = ChunkLayout.ReadHeader(bytes);
                if (header.SeriesId != _entries[i].SeriesId || header.Count != _entries[i].Count)
                {
                    throw new CorruptDataException("chunk header disagrees with the footer");
                }
            }
            catch (CorruptDataException e)
            {
                problem = e.At(Path, _entries[i].Offset);
            }

            if (problem is not null)
            {
                yield return problem;
            }
        }
    }

    /// <summary>
    /// Keeps the mapping alive for a reader. Fails only once the owner has released the file and
    /// every reader is done, which cannot happen while the owner's list still holds it.
    /// </summary>
    public bool TryAcquire()
    {
        while (true)
        {
            var references = Volatile.Read(ref _references);
            if (references == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _references, references + 1, references) == references)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file.Dispose();
        }
    }

    /// <summary>Drops the owner's reference; the file stays mapped until the last reader releases it.</summary>
    public void Dispose() => Release();

    private int LowerBound(uint seriesId)
    {
        int low = 0, high = _entries.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_entries[mid].SeriesId < seriesId)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private ChunkEntry[] ReadFooter()
    {
        var trailerOffset = Length - SegmentLayout.TrailerBytes;
        var trailer = new ReadOnlySpan<byte>(_pointer + trailerOffset, SegmentLayout.TrailerBytes);
        if (!trailer[16..].SequenceEqual(SegmentLayout.TrailerMagic)
            || Crc32C.Compute(trailer[..12]) != BinaryPrimitives.ReadUInt32LittleEndian(trailer[12..]))
        {
            throw new CorruptDataException("segment trailer is damaged", Path, trailerOffset);
        }

        var footerOffset = BinaryPrimitives.ReadInt64LittleEndian(trailer);
        var count = BinaryPrimitives.ReadInt32LittleEndian(trailer[8..]);
        if (count < 0 || footerOffset < SegmentLayout.HeaderBytes || footerOffset > trailerOffset - 4)
        {
            throw new CorruptDataException("segment trailer points outside the file", Path, trailerOffset);
        }

        var footer = new ReadOnlySpan<byte>(_pointer + footerOffset, (int)(trailerOffset - footerOffset));
        if (Crc32C.Compute(footer[..^4]) != BinaryPrimitives.ReadUInt32LittleEndian(footer[^4..]))
        {
            throw new CorruptDataException("segment footer checksum mismatch", Path, footerOffset);
        }

        var entries = new ChunkEntry[count];
        var reader = new SpanReader(footer[..^4], "segment footer");
        long offset = SegmentLayout.HeaderBytes;
        ulong seriesId = 0;
        long minTime = 0;
        for (var i = 0; i < count; i++)
        {
            seriesId += reader.ReadVarint();
            var samples = reader.ReadVarint();
            minTime = unchecked(minTime + Varint.UnZigZag(reader.ReadVarint()));
            var span = reader.ReadVarint();
            var length = reader.ReadVarint();
            if (seriesId > uint.MaxValue || samples is < 1 or > ChunkLayout.MaxSamples || span > long.MaxValue
                || length > (ulong)(footerOffset - offset))
            {
                throw new CorruptDataException($"footer entry {i} is inconsistent", Path, footerOffset + reader.Position);
            }

            entries[i] = new ChunkEntry((uint)seriesId, (int)samples, minTime, unchecked(minTime + (long)span), offset, (int)length);
            offset += (long)length;
        }

        if (offset != footerOffset || !reader.End)
        {
            throw new CorruptDataException("segment footer does not account for the chunks", Path, footerOffset);
        }

        return entries;
    }
}
