using Engine.Storage.Catalog;
using Engine.Storage.IO;
using Engine.Storage.Model;
using Engine.Storage.Rollups;

namespace Engine.Storage;

public sealed partial class StorageEngine
{
    private long _hoursRolledUp;
    private long _daysRolledUp;
    private long _lateRebuilds;
    private long _samplesRolledUp;

    /// <summary>Hourly buckets built since open (each series' hour counts once per build).</summary>
    public long HoursRolledUp => Interlocked.Read(ref _hoursRolledUp);

    /// <summary>Days whose daily rollups were merged anew since open.</summary>
    public long DaysRolledUp => Interlocked.Read(ref _daysRolledUp);

    /// <summary>Hours rebuilt because late points landed in them after they were rolled up.</summary>
    public long LateRebuilds => Interlocked.Read(ref _lateRebuilds);

    public long SamplesRolledUp => Interlocked.Read(ref _samplesRolledUp);

    /// <summary>Now, by <see cref="StorageOptions.Clock"/>, in nanoseconds since the epoch.</summary>
    public long ClockNs => (Options.Clock.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>
    /// Hours before this one are closed: their end plus <see cref="StorageOptions.RollupLateness"/>
    /// has passed, so their rollups are built (or waiting to be, while pending).
    /// </summary>
    public long ClosedBeforeHour => TimeMath.HourOf(ClockNs - Options.RollupLateness.Ticks * 100);

    /// <summary>
    /// Builds the rollups of every closed hour that has new samples, in every shard, and merges
    /// their days anew. The background job does this continuously; <c>engine compact</c> now.
    /// </summary>
    public RollupBuildStats BuildRollups(IProgress<int>? shardsDone = null)
    {
        ThrowIfReadOnly();
        return BuildRollups(shardsDone, CancellationToken.None);
    }

    /// <summary>
    /// Builds, without the disposed check: the background job runs while the engine closes (which
    /// marks it disposed, then waits for the job), and stops between shards once told to.
    /// </summary>
    private RollupBuildStats BuildRollups(IProgress<int>? shardsDone, CancellationToken stopping)
    {
        var closedBefore = ClosedBeforeHour;
        var discardBefore = TimeMath.HourOf(SaturatingSubtract(RetentionReferenceNs, Options.Retention.Longest.Raw));
        var total = default(RollupBuildStats);
        for (var i = 0; i < _shards.Length && !stopping.IsCancellationRequested; i++)
        {
            var stats = _shards[i].BuildRollups(Catalog, closedBefore, discardBefore);
            Interlocked.Add(ref _hoursRolledUp, stats.HoursBuilt);
            Interlocked.Add(ref _daysRolledUp, stats.DaysBuilt);
            Interlocked.Add(ref _lateRebuilds, stats.LateRebuilds);
            Interlocked.Add(ref _samplesRolledUp, stats.SamplesRolledUp);
            total += stats;
            shardsDone?.Report(i + 1);
        }

        return total;
    }

    /// <summary>How far rollups are behind: from when the earliest pending closed hour closed to now; zero when current.</summary>
    public TimeSpan RollupLag
    {
        get
        {
            var now = ClockNs;
            var closedBefore = ClosedBeforeHour;
            var earliest = _shards.Select(s => s.EarliestPendingHour).Where(h => h is { } hour && hour < closedBefore).Min();
            if (earliest is not { } hour)
            {
                return TimeSpan.Zero;
            }

            var closedAt = ((hour + 1) * TimeMath.NanosPerHour) + (Options.RollupLateness.Ticks * 100);
            return TimeSpan.FromTicks(Math.Max(0, now - closedAt) / 100);
        }
    }

    /// <summary>
    /// The hours in [<paramref name="fromHour"/>, <paramref name="toHour"/>) of a shard with samples
    /// not yet rolled up, in order. Hours from <see cref="ClosedBeforeHour"/> on are still open
    /// whether marked or not.
    /// </summary>
    public long[] PendingHours(int shard, long fromHour, long toHour)
    {
        ThrowIfDisposed();
        return [.. _shards[shard].PendingHoursBetween(fromHour, toHour).Order()];
    }

    /// <summary>
    /// Whether any tier has a partition overlapping [<paramref name="startNs"/>, <paramref name="endNs"/>):
    /// a raw day of any shard, an hourly day or a daily month. Tells a query reaching past a
    /// retention whether it misses data or only empty time.
    /// </summary>
    public bool HasPartitionsBetween(long startNs, long endNs)
    {
        using var rollups = OpenRollupFiles();
        return _shards.Any(shard => shard.Segments.Any(s => TimeMath.DayStart(s.Day) < endNs && TimeMath.DayStart(s.Day + 1) > startNs))
            || rollups.Partitions(RollupTier.Hourly, startNs, endNs).Any()
            || rollups.Partitions(RollupTier.Daily, startNs, endNs).Any();
    }

    /// <summary>Opens a reader's view of the rollup files (see <see cref="RollupFileSet"/>); dispose it when done.</summary>
    public RollupFileSet OpenRollupFiles()
    {
        ThrowIfDisposed();
        return new RollupFileSet(_rollupFiles);
    }

    /// <summary>
    /// The series' rollup records of one tier with a bucket start in [<paramref name="startNs"/>,
    /// <paramref name="endNs"/>), in time order. A reader of many series shares one <see cref="OpenRollupFiles"/>.
    /// </summary>
    public IEnumerable<RollupRecord> ReadRollups(Series series, RollupTier tier, long startNs, long endNs)
    {
        using var files = OpenRollupFiles();
        foreach (var record in files.Read(series, tier, startNs, endNs))
        {
            yield return record;
        }
    }

    private static long SaturatingSubtract(long timeNs, TimeSpan span)
    {
        var nanos = span.Ticks * 100;
        return timeNs < long.MinValue + nanos ? long.MinValue : timeNs - nanos;
    }
}
