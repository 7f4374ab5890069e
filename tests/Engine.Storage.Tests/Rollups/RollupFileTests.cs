using System.Buffers;
using System.Buffers.Binary;
using Engine.Storage.IO;
using Engine.Storage.Model;
using Engine.Storage.Rollups;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Rollups;

/// <summary>Rollup files: round trips, reads of part of a series' records, damaged bytes, and files of version 1.</summary>
public sealed class RollupFileTests
{
    private const int Partition = 20_500; // a UTC day, 2026-02-15
    private static readonly FieldType[] Types = [FieldType.Float, FieldType.Integer, FieldType.Unsigned, FieldType.Boolean, FieldType.String];

    [Property(MaxTest = 100)]
    public Property Records_read_back_serialize_to_the_same_bytes(PositiveInt seed)
    {
        var records = RandomRecords(new Random(seed.Get));
        var bytes = RollupFileFormat.Serialize(RollupTier.Hourly, 3, Partition, records);
        using var folder = new TempFolder();
        using var file = Open(folder, bytes);

        var read = file.ReadAll().ToList();

        var again = RollupFileFormat.Serialize(RollupTier.Hourly, 3, Partition, read);
        return again.AsSpan().SequenceEqual(bytes).Label($"seed {seed.Get}: {bytes.Length} vs {again.Length} bytes, first difference at {bytes.AsSpan().CommonPrefixLength(again)}, records {records.Count} vs {read.Count}");
    }

    [Property(MaxTest = 100)]
    public Property A_range_read_gives_the_records_in_the_range_with_or_without_sketches(PositiveInt seed, byte from, byte to, bool withSketches)
    {
        var random = new Random(seed.Get);
        var records = RandomRecords(random);
        using var folder = new TempFolder();
        using var file = Open(folder, RollupFileFormat.Serialize(RollupTier.Hourly, 3, Partition, records));
        var start = RollupTier.Hourly.PartitionStart(Partition) + (from % 26 * TimeMath.NanosPerHour) - 1;
        var end = RollupTier.Hourly.PartitionStart(Partition) + (to % 26 * TimeMath.NanosPerHour);

        foreach (var id in records.Select(r => r.SeriesId).Distinct())
        {
            var expected = records.Where(r => r.SeriesId == id && r.Start >= start && r.Start < end).ToList();
            var actual = file.Read(id, start, end, withSketches);
            if (!expected.Select(r => (r.Start, r.Summary.Count, r.Summary.Sum)).SequenceEqual(actual.Select(r => (r.Start, r.Summary.Count, r.Summary.Sum)))
                || actual.Any(r => (r.Sketch is not null) != (withSketches && NumericBits.IsNumeric(r.Type))))
            {
                return false.Label($"seed {seed.Get}, series {id}");
            }
        }

        return true.ToProperty();
    }

    [Property(MaxTest = 200)]
    public Property A_changed_byte_or_random_bytes_fail_only_as_damaged_data(PositiveInt seed, int position, byte value, byte[] noise)
    {
        var bytes = RollupFileFormat.Serialize(RollupTier.Daily, 1, 600, RandomRecords(new Random(seed.Get), RollupTier.Daily, 600));
        var changed = (byte[])bytes.Clone();
        var at = (int)((uint)position % changed.Length);
        changed[at] = value == changed[at] ? (byte)~value : value;
        using var folder = new TempFolder();
        foreach (var content in new[] { changed, noise })
        {
            try
            {
                using var file = Open(folder, content);
                _ = file.ReadAll().ToList();
                if (content == changed)
                {
                    return false.Label($"seed {seed.Get}: a change at byte {at} went unnoticed");
                }
            }
            catch (CorruptDataException)
            {
            }
        }

        return true.ToProperty();
    }

    [Fact]
    public void Files_of_version_1_without_record_lengths_are_still_read()
    {
        var records = RandomRecords(new Random(7));
        var current = RollupFileFormat.Serialize(RollupTier.Hourly, 3, Partition, records);
        using var folder = new TempFolder();
        using var file = Open(folder, VersionOne(current));

        var read = file.ReadAll().ToList();

        Assert.Equal(current, RollupFileFormat.Serialize(RollupTier.Hourly, 3, Partition, read));
        var id = records[0].SeriesId;
        var end = records.First(r => r.SeriesId == id).Start + 1;
        Assert.Single(file.Read(id, long.MinValue, end, withSketches: false), r => r.Sketch is null);
    }

    private static RollupFile Open(TempFolder folder, byte[] bytes)
    {
        var path = folder.File($"shard-{Guid.NewGuid():N}.rollup");
        File.WriteAllBytes(path, bytes);
        return RollupFile.TryOpen(path)!;
    }

    /// <summary>Records of a few series of random types, each in random hours of the partition.</summary>
    private static List<RollupRecord> RandomRecords(Random random, RollupTier tier = RollupTier.Hourly, int partition = Partition)
    {
        var width = tier.BucketWidth();
        var buckets = (int)((tier.PartitionEnd(partition) - tier.PartitionStart(partition)) / width);
        var records = new List<RollupRecord>();
        for (var id = 1u; id <= random.Next(1, 5); id += (uint)random.Next(1, 4))
        {
            var type = Types[random.Next(Types.Length)];
            foreach (var bucket in Enumerable.Range(0, buckets).Where(_ => random.Next(3) == 0))
            {
                var start = tier.PartitionStart(partition) + (bucket * width);
                var count = random.Next(1, 50);
                var timestamps = Enumerable.Range(0, count).Select(i => start + (i * (width / count))).ToArray();
                var bits = Enumerable.Range(0, count).Select(_ => Bits(type, random)).ToArray();
                var summary = new SampleSummary(exactSum: true);
                summary.Add(type, timestamps, bits, type == FieldType.String ? [.. bits.Select(b => $"s{b % 5}")] : []);
                QuantileSketch? sketch = null;
                if (NumericBits.IsNumeric(type))
                {
                    sketch = new QuantileSketch();
                    foreach (var value in bits)
                        sketch.Add(NumericBits.ToDouble(type, value));
                }

                records.Add(new RollupRecord(id, type, start, summary, sketch));
            }
        }

        return records;
    }

    private static ulong Bits(FieldType type, Random random) => type switch
    {
        FieldType.Float => BitConverter.DoubleToUInt64Bits(Math.Round((random.NextDouble() - 0.3) * 1000, 2)),
        FieldType.Integer => unchecked((ulong)random.NextInt64(-1_000_000, 1_000_000)),
        FieldType.Unsigned => (ulong)random.NextInt64(0, 1_000_000),
        _ => (ulong)random.Next(2),
    };

    /// <summary>The same file as version 1 wrote it: no record body lengths, with the blocks' offsets and checksums to match.</summary>
    private static byte[] VersionOne(byte[] current)
    {
        var footerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(current.AsSpan(current.Length - 8));
        var footerOffset = current.Length - RollupFileFormat.TrailerLength - footerLength;
        var footer = new SpanReader(current.AsSpan(footerOffset, footerLength), "footer");
        var output = new ArrayBufferWriter<byte>();
        output.Write(current.AsSpan(0, RollupFileFormat.HeaderLength));
        var entries = new ArrayBufferWriter<byte>();
        var series = footer.ReadLength(int.MaxValue);
        for (var i = 0; i < series; i++)
        {
            var idDelta = footer.ReadVarint();
            var type = footer.ReadByte();
            var count = footer.ReadVarint();
            var offset = (int)footer.ReadVarint();
            var length = footer.ReadLength(int.MaxValue);
            footer.ReadUInt32();
            var block = new SpanReader(current.AsSpan(offset, length), "block");
            var blockStart = output.WrittenCount;
            for (var r = 0ul; r < count; r++)
            {
                output.WriteVarint(block.ReadVarint());
                output.Write(block.ReadBytes(block.ReadLength(int.MaxValue)));
            }

            entries.WriteVarint(idDelta);
            entries.WriteByte(type);
            entries.WriteVarint(count);
            entries.WriteVarint((ulong)blockStart);
            entries.WriteVarint((ulong)(output.WrittenCount - blockStart));
            entries.WriteUInt32(Crc32C.Compute(output.WrittenSpan[blockStart..]));
        }

        var newFooter = new ArrayBufferWriter<byte>();
        newFooter.WriteVarint((ulong)series);
        newFooter.Write(entries.WrittenSpan);
        var bytes = output.WrittenSpan.ToArray();
        bytes[4] = RollupFileFormat.VersionWithoutBodyLengths;
        var crc = Crc32C.Finish(Crc32C.Append(Crc32C.Append(Crc32C.Start, bytes.AsSpan(0, RollupFileFormat.HeaderLength)), newFooter.WrittenSpan));
        var result = new ArrayBufferWriter<byte>();
        result.Write(bytes);
        result.Write(newFooter.WrittenSpan);
        result.WriteUInt32(crc);
        result.WriteUInt32((uint)newFooter.WrittenCount);
        result.WriteUInt32(RollupFileFormat.Magic);
        return result.WrittenSpan.ToArray();
    }
}
