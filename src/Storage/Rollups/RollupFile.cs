using System.Buffers.Binary;
using Engine.Storage.IO;
using Engine.Storage.Model;
using Microsoft.Win32.SafeHandles;

namespace Engine.Storage.Rollups;

/// <summary>
/// An open rollup file (<see cref="RollupFileFormat"/>): its footer is read and checked on open,
/// each series' block when it is read. The handle keeps the file readable after a rebuild renames
/// a new version over its name.
/// </summary>
public sealed class RollupFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly Entry[] _entries;
    private readonly byte _version;

    private RollupFile(string path, SafeFileHandle handle, long length, byte version, RollupTier tier, int shard, int partition, Entry[] entries)
    {
        Path = path;
        _handle = handle;
        Length = length;
        _version = version;
        Tier = tier;
        Shard = shard;
        Partition = partition;
        _entries = entries;
    }

    public string Path { get; }

    public long Length { get; }

    public RollupTier Tier { get; }

    public int Shard { get; }

    public int Partition { get; }

    public int SeriesCount => _entries.Length;

    /// <summary>Opens a rollup file, or returns null when there is none at <paramref name="path"/>.</summary>
    /// <exception cref="CorruptDataException">The header, footer or trailer is damaged.</exception>
    public static RollupFile? TryOpen(string path)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            return Open(path, handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static RollupFile Open(string path, SafeFileHandle handle)
    {
        var length = RandomAccess.GetLength(handle);
        if (length < RollupFileFormat.HeaderLength + RollupFileFormat.TrailerLength + 1)
        {
            throw new CorruptDataException($"rollup file of {length} bytes is shorter than its header and trailer", path, 0);
        }

        Span<byte> header = stackalloc byte[RollupFileFormat.HeaderLength];
        Span<byte> trailer = stackalloc byte[RollupFileFormat.TrailerLength];
        ReadExactly(handle, header, 0, path);
        ReadExactly(handle, trailer, length - RollupFileFormat.TrailerLength, path);
        var footerLength = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        if (BinaryPrimitives.ReadUInt32LittleEndian(trailer[8..]) != RollupFileFormat.Magic
            || BinaryPrimitives.ReadUInt32LittleEndian(header) != RollupFileFormat.Magic)
        {
            throw new CorruptDataException("not a rollup file (bad magic)", path, 0);
        }

        var footerOffset = length - RollupFileFormat.TrailerLength - footerLength;
        if (footerLength == 0 || footerOffset < RollupFileFormat.HeaderLength)
        {
            throw new CorruptDataException($"footer length {footerLength} does not fit the file", path, length - RollupFileFormat.TrailerLength);
        }

        var footer = new byte[footerLength];
        ReadExactly(handle, footer, footerOffset, path);
        var crc = Crc32C.Finish(Crc32C.Append(Crc32C.Append(Crc32C.Start, header), footer));
        if (crc != BinaryPrimitives.ReadUInt32LittleEndian(trailer))
        {
            throw new CorruptDataException("rollup footer checksum mismatch", path, footerOffset);
        }

        if (header[4] is not (RollupFileFormat.Version or RollupFileFormat.VersionWithoutBodyLengths))
        {
            throw new CorruptDataException($"rollup file version {header[4]} is not supported (expected {RollupFileFormat.VersionWithoutBodyLengths} or {RollupFileFormat.Version})", path, 4);
        }

        var tier = (RollupTier)header[5];
        if (tier is not (RollupTier.Hourly or RollupTier.Daily))
        {
            throw new CorruptDataException($"unknown rollup tier {header[5]}", path, 5);
        }

        var shard = header[6] | (header[7] << 8);
        var partition = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        var entries = ReadEntries(footer, footerOffset, path);
        return new RollupFile(path, handle, length, header[4], tier, shard, partition, entries);
    }

    private static Entry[] ReadEntries(byte[] footer, long footerOffset, string path)
    {
        var reader = new SpanReader(footer, $"rollup footer of {path}");
        var count = reader.ReadLength(footer.Length);
        var entries = new Entry[count];
        long seriesId = 0;
        for (var i = 0; i < count; i++)
        {
            seriesId += (long)reader.ReadVarint();
            var type = (FieldType)reader.ReadByte();
            var records = reader.ReadLength(int.MaxValue);
            var offset = (long)reader.ReadVarint();
            var length = reader.ReadLength(int.MaxValue);
            var crc = reader.ReadUInt32();
            if (seriesId > uint.MaxValue || (i > 0 && seriesId <= entries[i - 1].SeriesId) || !Enum.IsDefined(type) || records < 1
                || offset < RollupFileFormat.HeaderLength || offset + length > footerOffset)
            {
                throw new CorruptDataException($"rollup footer entry {i} is inconsistent", path, footerOffset);
            }

            entries[i] = new Entry((uint)seriesId, type, records, offset, length, crc);
        }

        return entries;
    }

    /// <summary>The series this file has records for, in id order.</summary>
    public IEnumerable<uint> SeriesIds => _entries.Select(e => e.SeriesId);

    /// <summary>Bytes of the series' block (0 when the file has no records for it).</summary>
    public long BytesOf(uint seriesId) => Find(seriesId) is { } index ? _entries[index].Length : 0;

    /// <summary>The records of one series in time order; empty when the file has none.</summary>
    /// <exception cref="CorruptDataException">The series' block is damaged.</exception>
    public IReadOnlyList<RollupRecord> Read(uint seriesId) => Read(seriesId, long.MinValue, long.MaxValue, withSketches: true);

    /// <summary>
    /// The records of one series with a bucket start in [<paramref name="startNs"/>, <paramref name="endNs"/>),
    /// in time order; without their sketches unless <paramref name="withSketches"/>. The records left
    /// out are stepped over, not decoded (files of version 1 decode them).
    /// </summary>
    /// <exception cref="CorruptDataException">The series' block is damaged.</exception>
    public IReadOnlyList<RollupRecord> Read(uint seriesId, long startNs, long endNs, bool withSketches)
    {
        if (Find(seriesId) is not { } index)
        {
            return [];
        }

        var entry = _entries[index];
        var block = new byte[entry.Length];
        ReadExactly(_handle, block, entry.Offset, Path);
        if (Crc32C.Compute(block) != entry.Crc)
        {
            throw new CorruptDataException($"rollup block of series {seriesId} checksum mismatch", Path, entry.Offset);
        }

        try
        {
            return Decode(block, entry, startNs, endNs, withSketches);
        }
        catch (CorruptDataException e)
        {
            throw e.At(Path, entry.Offset);
        }
    }

    /// <summary>Every record, series by series.</summary>
    public IEnumerable<RollupRecord> ReadAll() => _entries.SelectMany(e => Read(e.SeriesId));

    public void Dispose() => _handle.Dispose();

    private List<RollupRecord> Decode(byte[] block, Entry entry, long startNs, long endNs, bool withSketches)
    {
        var reader = new SpanReader(block, $"rollup block of series {entry.SeriesId}");
        var recordContext = $"rollup record of series {entry.SeriesId}"; // once per block, not per record
        var partitionStart = Tier.PartitionStart(Partition);
        var width = Tier.BucketWidth();
        var bucketsInPartition = (Tier.PartitionEnd(Partition) - partitionStart) / width;
        var records = new List<RollupRecord>();
        var previousStart = long.MinValue;
        for (var i = 0; i < entry.Records; i++)
        {
            var bucket = (long)reader.ReadVarint();
            var start = partitionStart + (bucket * width);
            if (bucket >= bucketsInPartition || (i > 0 && start <= previousStart))
            {
                throw reader.Corrupt($"bucket number {bucket} out of order or outside the partition");
            }

            previousStart = start;
            if (_version == RollupFileFormat.VersionWithoutBodyLengths)
            {
                var record = ReadBody(ref reader, entry, start, withSketches);
                if (start >= startNs && start < endNs)
                {
                    records.Add(record);
                }

                continue;
            }

            var body = new SpanReader(reader.ReadBytes(reader.ReadLength(reader.Remaining)), recordContext);
            if (start >= endNs)
            {
                // Records are in time order: the rest are past the range (the checksum covered them).
                return records;
            }

            if (start >= startNs)
            {
                records.Add(ReadBody(ref body, entry, start, withSketches));
                if (!body.End && (withSketches || !NumericBits.IsNumeric(entry.Type)))
                {
                    throw body.Corrupt("bytes left after the record");
                }
            }
        }

        if (!reader.End)
        {
            throw reader.Corrupt("bytes left after the last record");
        }

        return records;
    }

    /// <summary>A record's summary and, for numeric fields when wanted, its sketch (version 1 decodes and drops an unwanted one).</summary>
    private RollupRecord ReadBody(ref SpanReader reader, Entry entry, long start, bool withSketches)
    {
        var summary = SampleSummaryFormat.Read(ref reader, entry.Type, start);
        QuantileSketch? sketch = null;
        if (NumericBits.IsNumeric(entry.Type) && (withSketches || _version == RollupFileFormat.VersionWithoutBodyLengths))
        {
            sketch = QuantileSketchFormat.Read(ref reader);
            if (!withSketches)
            {
                sketch.Release();
                sketch = null;
            }
        }

        return new RollupRecord(entry.SeriesId, entry.Type, start, summary, sketch);
    }

    private int? Find(uint seriesId)
    {
        int low = 0, high = _entries.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var id = _entries[middle].SeriesId;
            if (id == seriesId)
            {
                return middle;
            }

            if (id < seriesId)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return null;
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long offset, string path)
    {
        while (!destination.IsEmpty)
        {
            var read = RandomAccess.Read(handle, destination, offset);
            if (read == 0)
            {
                throw new CorruptDataException("rollup file ends early", path, offset);
            }

            destination = destination[read..];
            offset += read;
        }
    }

    private readonly record struct Entry(uint SeriesId, FieldType Type, int Records, long Offset, int Length, uint Crc);
}
