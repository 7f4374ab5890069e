using System.Buffers;
using Engine.Storage.IO;
using Engine.Storage.Model;

namespace Engine.Storage.Rollups;

/// <summary>
/// The byte layout of a rollup file (docs/file-format.md, "Rollup files"): one shard's records of
/// one tier for one partition (a UTC day of hours, or a UTC month of days).
/// <code>
/// header   u32 magic "ERUP", u8 version = 2, u8 tier, u16 shard, i32 partition
/// blocks   per series, in id order: per record in time order:
///            varint bucket number in the partition, varint body length,
///            body: summary (SampleSummaryFormat), then for numeric fields the sketch (QuantileSketchFormat)
///            to the body's end
///          (version 1, still read: no body length, the sketch right after the summary)
/// footer   varint series count; per series: varint id delta, u8 field type, varint record count,
///            varint block offset, varint block length, u32 block CRC-32C
/// trailer  u32 CRC-32C of header and footer, u32 footer length, u32 magic
/// </code>
/// </summary>
/// <remarks>
/// The body length lets a reader step over the records outside its time range and over sketches it
/// does not need (a max or a mean) without decoding them; the block's checksum still covers them.
/// </remarks>
public static class RollupFileFormat
{
    public const uint Magic = 0x50555245; // "ERUP" little-endian
    public const byte Version = 2;

    /// <summary>The first version, whose records have no body length; read, never written.</summary>
    public const byte VersionWithoutBodyLengths = 1;
    public const int HeaderLength = 12;
    public const int TrailerLength = 12;

    /// <summary>Serializes records ordered by series id, then start, all of one tier and partition.</summary>
    public static byte[] Serialize(RollupTier tier, int shard, int partition, IReadOnlyList<RollupRecord> records)
    {
        var body = new ArrayBufferWriter<byte>();
        WriteHeader(body, tier, shard, partition);
        var footer = new ArrayBufferWriter<byte>();
        var partitionStart = tier.PartitionStart(partition);
        var width = tier.BucketWidth();
        var seriesCount = 0;
        var entries = new ArrayBufferWriter<byte>();
        var recordBody = new ArrayBufferWriter<byte>();
        uint previousId = 0;
        for (var first = 0; first < records.Count;)
        {
            var seriesId = records[first].SeriesId;
            var type = records[first].Type;
            var end = first;
            var blockStart = body.WrittenCount;
            while (end < records.Count && records[end].SeriesId == seriesId)
            {
                var record = records[end];
                if (end > first && record.Start <= records[end - 1].Start)
                {
                    throw new ArgumentException("records must be ordered by series, then start, without repeats", nameof(records));
                }

                body.WriteVarint((ulong)((record.Start - partitionStart) / width));
                recordBody.ResetWrittenCount();
                SampleSummaryFormat.Write(record.Summary, type, record.Start, recordBody);
                if (NumericBits.IsNumeric(type))
                {
                    QuantileSketchFormat.Write(record.Sketch ?? throw new ArgumentException("numeric rollups carry a sketch", nameof(records)), recordBody);
                }

                body.WriteVarint((ulong)recordBody.WrittenCount);
                body.Write(recordBody.WrittenSpan);

                end++;
            }

            var block = body.WrittenSpan[blockStart..];
            entries.WriteVarint(seriesId - previousId);
            entries.WriteByte((byte)type);
            entries.WriteVarint((ulong)(end - first));
            entries.WriteVarint((ulong)blockStart);
            entries.WriteVarint((ulong)block.Length);
            entries.WriteUInt32(Crc32C.Compute(block));
            previousId = seriesId;
            seriesCount++;
            first = end;
        }

        footer.WriteVarint((ulong)seriesCount);
        footer.Write(entries.WrittenSpan);
        var crc = Crc32C.Append(Crc32C.Start, body.WrittenSpan[..HeaderLength]);
        crc = Crc32C.Finish(Crc32C.Append(crc, footer.WrittenSpan));
        body.Write(footer.WrittenSpan);
        body.WriteUInt32(crc);
        body.WriteUInt32((uint)footer.WrittenCount);
        body.WriteUInt32(Magic);
        return body.WrittenSpan.ToArray();
    }

    private static void WriteHeader(ArrayBufferWriter<byte> output, RollupTier tier, int shard, int partition)
    {
        output.WriteUInt32(Magic);
        output.WriteByte(Version);
        output.WriteByte((byte)tier);
        output.WriteByte((byte)shard);
        output.WriteByte((byte)(shard >> 8));
        output.WriteUInt32(unchecked((uint)partition));
    }
}
