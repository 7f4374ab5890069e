using Engine.Storage.IO;
using Engine.Storage.Model;
using Engine.Storage.Rollups;

namespace Engine.Storage;

/// <summary>Partitions dropped by one retention pass, per tier.</summary>
public readonly record struct RetentionStats(int RawDays, int HourlyDays, int DailyMonths)
{
    public int Total => RawDays + HourlyDays + DailyMonths;
}

public sealed partial class StorageEngine
{
    private long _rawPartitionsDropped;
    private long _hourlyPartitionsDropped;
    private long _dailyPartitionsDropped;

    /// <summary>Partitions (shard-days of raw segments, days of hourly rollups, months of daily ones) dropped since open.</summary>
    public (long Raw, long Hourly, long Daily) PartitionsDropped =>
        (Interlocked.Read(ref _rawPartitionsDropped), Interlocked.Read(ref _hourlyPartitionsDropped), Interlocked.Read(ref _dailyPartitionsDropped));

    /// <summary>
    /// The time ages are judged against: the earlier of the wall clock and the newest sample seen,
    /// so that one point from the far future cannot expire a tier, and a folder that stopped
    /// receiving data keeps its last days.
    /// </summary>
    public long RetentionReferenceNs
    {
        get
        {
            var newest = _shards.Max(s => s.NewestTimestamp);
            var now = ClockNs;
            return newest == long.MinValue ? now : Math.Min(now, newest);
        }
    }

    /// <summary>
    /// The earliest time a tier still answers for a measurement: data before it is past that
    /// tier's retention and never returned, whether or not its files are gone yet.
    /// </summary>
    public long RetainedSince(string measurement, RetentionTier tier)
    {
        var retention = Options.Retention.For(measurement);
        return SaturatingSubtract(RetentionReferenceNs, tier switch
        {
            RetentionTier.Raw => retention.Raw,
            RetentionTier.Hourly => retention.Hourly,
            _ => retention.Daily,
        });
    }

    /// <summary>
    /// Like <see cref="Read(Catalog.Series, long, long)"/>, without the samples past the raw retention of the
    /// series' measurement, which are never returned even while their files remain.
    /// </summary>
    public IEnumerable<Segments.DecodedBlock> ReadRetained(Catalog.Series series, long startNs, long endNs) =>
        Read(series, Math.Max(startNs, RetainedSince(series.Measurement, RetentionTier.Raw)), endNs);

    /// <summary>What <see cref="ReadRetained"/> would touch, for EXPLAIN.</summary>
    public ReadPlan PlanRetainedRead(Catalog.Series series, long startNs, long endNs) =>
        PlanRead(series, Math.Max(startNs, RetainedSince(series.Measurement, RetentionTier.Raw)), endNs);

    /// <summary>
    /// Drops whole partitions past the longest retention of their tier: raw day files of each shard
    /// (never a day with hours not yet rolled up), hourly rollup days, daily rollup months.
    /// Shorter per-measurement retentions hide data at query time until their partition goes.
    /// </summary>
    public RetentionStats ApplyRetention()
    {
        ThrowIfReadOnly();
        return DropExpiredPartitions();
    }

    /// <summary><see cref="ApplyRetention"/> without the disposed check, for the background job, which the engine waits for as it closes.</summary>
    private RetentionStats DropExpiredPartitions()
    {
        var reference = RetentionReferenceNs;
        var longest = Options.Retention.Longest;
        var rawCutoff = SaturatingSubtract(reference, longest.Raw);
        var rawDays = _shards.Sum(s => s.DropRawBefore(rawCutoff));
        var hourlyDays = DropRollupPartitionsBefore(RollupTier.Hourly, SaturatingSubtract(reference, longest.Hourly));
        var dailyMonths = DropRollupPartitionsBefore(RollupTier.Daily, SaturatingSubtract(reference, longest.Daily));
        Interlocked.Add(ref _rawPartitionsDropped, rawDays);
        Interlocked.Add(ref _hourlyPartitionsDropped, hourlyDays);
        Interlocked.Add(ref _dailyPartitionsDropped, dailyMonths);
        return new RetentionStats(rawDays, hourlyDays, dailyMonths);
    }

    private int DropRollupPartitionsBefore(RollupTier tier, long cutoffNs)
    {
        var dropped = 0;
        foreach (var partition in RollupFileCache.ExistingPartitions(Root, tier).Where(p => tier.PartitionEnd(p) <= cutoffNs))
        {
            // Queries in flight keep their open handles; the builder never writes a partition this old.
            Directory.Delete(FileNames.RollupPartitionDirectory(Root, tier, partition), recursive: true);
            _rollupFiles.Dropped(tier, partition);
            dropped++;
        }

        return dropped;
    }
}

/// <summary>The tiers data lives in, finest first.</summary>
public enum RetentionTier
{
    Raw,
    Hourly,
    Daily,
}
