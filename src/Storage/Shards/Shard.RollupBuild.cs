using Engine.Storage.Catalog;
using Engine.Storage.IO;
using Engine.Storage.Model;
using Engine.Storage.Rollups;

namespace Engine.Storage.Shards;

internal sealed partial class Shard
{
    /// <summary>
    /// Rolls up every pending hour before <paramref name="closedBeforeHour"/>, a UTC day at a time
    /// (an hour before <paramref name="discardBeforeHour"/>, past the raw retention, that already has
    /// a rollup keeps it: its raw data may be gone, and a rollup of what is left would lose the rest;
    /// one without a rollup, as in a backfill, is rolled up):
    /// 1. summarize the hours' raw samples (head, pending chunks and segments: one consistent view);
    /// 2. write the day's hourly file with those hours replaced, then the month's daily file with
    ///    the day merged anew from its hours (each tmp, fsync, rename: old or new, never half);
    /// 3. unmark the hours not written again meanwhile, and persist what is still pending.
    /// A crash before step 3 leaves the hours marked, and the next pass builds them again.
    /// Files are written a series at a time, and each series' records let go of their sketches
    /// once written, so a pass keeps few sketches at a time and their buckets come back from the pool.
    /// </summary>
    public RollupBuildStats BuildRollups(SeriesCatalog catalog, long closedBeforeHour, long discardBeforeHour)
    {
        lock (_rollupLock)
        {
            List<(long Hour, long Mark)> due;
            lock (_writeLock)
            {
                due = _pendingHours.Below(closedBeforeHour);
            }

            if (due.Count == 0)
            {
                return default;
            }

            var series = catalog.All().Where(s => s.Shard == Id).OrderBy(s => s.Id).ToArray();
            var stats = default(RollupBuildStats);
            using var buffers = new RollupBuildBuffers();
            // A month's daily file is rewritten once for all its days built in this pass.
            foreach (var month in due.GroupBy(d => TimeMath.MonthOf(d.Hour * TimeMath.NanosPerHour)))
            {
                var builtDays = new HashSet<int>();
                var daily = new List<RollupRecord>();
                foreach (var day in month.GroupBy(d => TimeMath.DayOf(d.Hour * TimeMath.NanosPerHour)))
                {
                    var built = BuildDay(series, day.Key, day.Select(d => d.Hour).ToHashSet(), discardBeforeHour, daily, buffers);
                    if (built.DaysBuilt > 0)
                    {
                        builtDays.Add(day.Key);
                    }

                    stats += built;
                }

                if (builtDays.Count > 0)
                {
                    UpdateDaily(month.Key, builtDays, daily, buffers.Writer);
                }
            }

            lock (_writeLock)
            {
                _pendingHours.Unmark(due);
                _markedFrom = long.MaxValue;
                _markedUntil = long.MinValue;
            }

            PersistPendingHours();
            return stats;
        }
    }

    /// <summary>
    /// Rewrites a day's hourly file with its pending hours rolled up anew, and adds the day's
    /// record of each series (merged from all its hours) to <paramref name="daily"/>.
    /// </summary>
    private RollupBuildStats BuildDay(Series[] series, int day, HashSet<long> hours, long discardBeforeHour, List<RollupRecord> daily, RollupBuildBuffers buffers)
    {
        var hourlyPath = FileNames.RollupFile(_root, RollupTier.Hourly, day, Id);
        var existing = OpenRollupFile(hourlyPath, out var damaged);
        try
        {
            if (existing is not null && hours.Min() < discardBeforeHour && !TryKeepRollupsPastRetention(existing, hours, discardBeforeHour))
            {
                damaged = true;
            }

            if (damaged)
            {
                // The day's other hours are lost with the file: roll the whole day up again from raw.
                existing?.Dispose();
                existing = null;
                hours.UnionWith(HoursOfDay(day));
            }

            if (hours.Count == 0)
            {
                return default;
            }

            var dailyBefore = daily.Count;
            if (!TryWriteDay(series, day, hours, existing, daily, buffers, out var samples))
            {
                ReleaseSketches(daily, dailyBefore);
                hours.UnionWith(HoursOfDay(day));
                TryWriteDay(series, day, hours, existing: null, daily, buffers, out samples);
            }

            WriteRollupFile(RollupTier.Hourly, day, buffers.Writer);
            var late = hours.Count(h => h <= _newestBuiltHour);
            _newestBuiltHour = Math.Max(_newestBuiltHour, hours.Max());
            return new RollupBuildStats(hours.Count, late, 1, samples);
        }
        finally
        {
            existing?.Dispose();
        }
    }

    private static IEnumerable<long> HoursOfDay(int day) => Enumerable.Range(0, 24).Select(h => ((long)day * 24) + h);

    /// <summary>
    /// Takes the hours past the raw retention that <paramref name="existing"/> has rollups of out
    /// of <paramref name="hours"/> (see <see cref="BuildRollups"/>); false, reported, when the file is damaged.
    /// </summary>
    private bool TryKeepRollupsPastRetention(RollupFile existing, HashSet<long> hours, long discardBeforeHour)
    {
        try
        {
            hours.ExceptWith(existing.SeriesIds
                .SelectMany(id => existing.Read(id, long.MinValue, discardBeforeHour * TimeMath.NanosPerHour, withSketches: false))
                .Select(r => TimeMath.HourOf(r.Start))
                .ToList());
            return true;
        }
        catch (CorruptDataException e)
        {
            RollupProblem?.Invoke(e);
            return false;
        }
    }

    /// <summary>
    /// Writes (into the buffers' writer) a day's hourly records, series by series: the records of
    /// <paramref name="existing"/> outside <paramref name="hours"/> and the hours rolled up from raw
    /// samples. False, with the damage reported, when a block of <paramref name="existing"/> is damaged.
    /// </summary>
    private bool TryWriteDay(Series[] series, int day, HashSet<long> hours, RollupFile? existing, List<RollupRecord> daily,
        RollupBuildBuffers buffers, out long samples)
    {
        samples = 0;
        buffers.Writer.Start(RollupTier.Hourly, Id, day);
        var from = hours.Min() * TimeMath.NanosPerHour;
        var to = (hours.Max() + 1) * TimeMath.NanosPerHour;
        var (kept, fresh, records) = (buffers.Kept, buffers.Fresh, buffers.Records);
        using var existingIds = (existing?.SeriesIds ?? []).GetEnumerator();
        var moreExisting = existingIds.MoveNext();
        var next = 0;
        while (next < series.Length || moreExisting)
        {
            var id = !moreExisting || (next < series.Length && series[next].Id < existingIds.Current) ? series[next].Id : existingIds.Current;
            if (moreExisting && existingIds.Current == id)
            {
                if (!TryReadKept(existing!, id, hours, kept))
                {
                    return false;
                }

                moreExisting = existingIds.MoveNext();
            }

            if (next < series.Length && series[next].Id == id)
            {
                samples += SummarizeHours(series[next++], from, to, hours, buffers);
            }

            if (kept.Count + fresh.Count > 0)
            {
                // In file order, which is also the order the day's record merges them in.
                records.AddRange(kept);
                records.AddRange(fresh);
                records.Sort(BySeriesThenStart);
                foreach (var record in records)
                {
                    buffers.Writer.Add(record);
                }

                daily.Add(RollupSummarizer.Merge(records, TimeMath.DayStart(day)));
                records.Clear();
                ReleaseSketches(kept, 0);
                foreach (var record in fresh)
                {
                    buffers.RecordPool.Return(record);
                }

                fresh.Clear();
            }
        }

        return true;
    }

    /// <summary>Adds the series' records of <paramref name="hours"/> (all in [<paramref name="startNs"/>, <paramref name="endNs"/>)) to the buffers' fresh records; returns the samples read.</summary>
    private long SummarizeHours(Series series, long startNs, long endNs, HashSet<long> hours, RollupBuildBuffers buffers)
    {
        var reader = buffers.Reader;
        try
        {
            CollectSources(series, startNs, endNs, reader.View);
            reader.Start(startNs, endNs);
            var samples = 0L;
            while (reader.TryRead(out var run))
            {
                samples += RollupSummarizer.SummarizeHours(series.Id, series.Type, run, hours, buffers.Fresh, buffers.RecordPool);
            }

            return samples;
        }
        finally
        {
            reader.View.Release();
        }
    }

    /// <summary>Adds a series' records of an existing hourly file outside <paramref name="hours"/> to <paramref name="kept"/>; false, reported, when its block is damaged.</summary>
    private bool TryReadKept(RollupFile file, uint seriesId, HashSet<long> hours, List<RollupRecord> kept)
    {
        IReadOnlyList<RollupRecord> records;
        try
        {
            records = file.Read(seriesId);
        }
        catch (CorruptDataException e)
        {
            RollupProblem?.Invoke(e);
            return false;
        }

        foreach (var record in records)
        {
            if (hours.Contains(TimeMath.HourOf(record.Start)))
            {
                record.Sketch?.Release(); // rebuilt from raw
            }
            else
            {
                kept.Add(record);
            }
        }

        return true;
    }
}
