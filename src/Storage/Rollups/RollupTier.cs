using Engine.Storage.Model;

namespace Engine.Storage.Rollups;

/// <summary>
/// A rollup tier: the width of its buckets and how its files are partitioned. The numbers are
/// part of the file format.
/// </summary>
public enum RollupTier : byte
{
    /// <summary>One record per series per hour; a file per shard per UTC day.</summary>
    Hourly = 1,

    /// <summary>One record per series per day, merged from the hours; a file per shard per UTC month.</summary>
    Daily = 2,
}

public static class RollupTiers
{
    public static long BucketWidth(this RollupTier tier) => tier == RollupTier.Hourly ? TimeMath.NanosPerHour : TimeMath.NanosPerDay;

    /// <summary>The partition (UTC day for hourly, month index for daily) holding a bucket start.</summary>
    public static int PartitionOf(this RollupTier tier, long time) =>
        tier == RollupTier.Hourly ? TimeMath.DayOf(time) : TimeMath.MonthOf(time);

    public static long PartitionStart(this RollupTier tier, int partition) =>
        tier == RollupTier.Hourly ? TimeMath.DayStart(partition) : TimeMath.MonthStart(partition);

    public static long PartitionEnd(this RollupTier tier, int partition) => tier.PartitionStart(partition + 1);

    public static string Name(this RollupTier tier) => tier == RollupTier.Hourly ? "hourly" : "daily";
}
