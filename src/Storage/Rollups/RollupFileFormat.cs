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
        using var writer = new RollupFileWriter();
        writer.Start(tier, shard, partition);
        foreach (var record in records)
        {
            writer.Add(record);
        }

        return writer.Finish().ToArray();
    }
}
