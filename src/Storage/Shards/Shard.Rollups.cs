using Engine.Storage.Catalog;
using Engine.Storage.IO;
using Engine.Storage.Model;
using Engine.Storage.Rollups;

namespace Engine.Storage.Shards;

internal sealed partial class Shard
{
    /// <summary>Guarded by <see cref="_writeLock"/>.</summary>
    private readonly PendingHours _pendingHours = new();

    /// <summary>Serializes rollup builds of this shard (background and <c>engine compact</c>).</summary>
    private readonly Lock _rollupLock = new();

    /// <summary>Orders writes of the pending-hours file: each writes a snapshot taken inside it.</summary>
    private readonly Lock _pendingFileLock = new();

    // The hour most recently marked, so that a run of samples in one hour marks it once.
    // Guarded by _writeLock; emptied whenever hours are unmarked.
    private long _markedFrom = long.MaxValue;
    private long _markedUntil = long.MinValue;

    private long _persistedPendingVersion;
    private long _newestBuiltHour = long.MinValue;

    /// <summary>Caller holds <see cref="_writeLock"/>.</summary>
    private void MarkHour(long timestamp)
    {
        if (timestamp >= _markedFrom && timestamp < _markedUntil)
        {
            return;
        }

        var hour = TimeMath.HourOf(timestamp);
        _pendingHours.Mark(hour);
        _markedFrom = hour * TimeMath.NanosPerHour;
        _markedUntil = _markedFrom > long.MaxValue - TimeMath.NanosPerHour ? long.MaxValue : _markedFrom + TimeMath.NanosPerHour;
    }

    /// <summary>Restores the hours that were waiting for their rollups when the folder was last open.</summary>
    public void LoadPendingHours(ICollection<CorruptDataException> problems)
    {
        var path = FileNames.PendingHoursFile(_root, Id);
        if (!File.Exists(path))
        {
            return;
        }

        try
        {
            lock (_writeLock)
            {
                _pendingHours.Load(File.ReadAllBytes(path), path);
                _persistedPendingVersion = _pendingHours.Version;
            }
        }
        catch (CorruptDataException e)
        {
            // Without the list, every hour the segments hold is rebuilt once: slow but correct.
            problems.Add(e);
            lock (_writeLock)
            {
                foreach (var hour in _segments.SelectMany(s => s.Entries).SelectMany(HoursOf).Distinct())
                {
                    _pendingHours.Mark(hour);
                }
            }
        }
    }

    private static IEnumerable<long> HoursOf(Segments.ChunkEntry entry)
    {
        for (var hour = TimeMath.HourOf(entry.MinTime); hour <= TimeMath.HourOf(entry.MaxTime); hour++)
        {
            yield return hour;
        }
    }

    /// <summary>Makes the pending hours durable; called before the WAL that marked them is truncated.</summary>
    public void PersistPendingHours()
    {
        lock (_pendingFileLock)
        {
            byte[] bytes;
            long version;
            lock (_writeLock)
            {
                version = _pendingHours.Version;
                if (version == _persistedPendingVersion)
                {
                    return;
                }

                bytes = _pendingHours.Serialize();
            }

            var path = FileNames.PendingHoursFile(_root, Id);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.Write(path, bytes);
            _persistedPendingVersion = version;
        }
    }

    /// <summary>Hours in [<paramref name="fromHour"/>, <paramref name="toHour"/>) whose rollups are not current.</summary>
    public IReadOnlySet<long> PendingHoursBetween(long fromHour, long toHour)
    {
        lock (_writeLock)
        {
            return _pendingHours.Between(fromHour, toHour);
        }
    }

    /// <summary>The earliest hour waiting for its rollup, or null.</summary>
    public long? EarliestPendingHour
    {
        get
        {
            lock (_writeLock)
            {
                return _pendingHours.Earliest;
            }
        }
    }

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
            using var reader = new RawRunReader();
            // A month's daily file is rewritten once for all its days built in this pass.
            foreach (var month in due.GroupBy(d => TimeMath.MonthOf(d.Hour * TimeMath.NanosPerHour)))
            {
                var builtDays = new Dictionary<int, List<RollupRecord>>();
                foreach (var day in month.GroupBy(d => TimeMath.DayOf(d.Hour * TimeMath.NanosPerHour)))
                {
                    stats += BuildDay(series, day.Key, day.Select(d => d.Hour).ToHashSet(), discardBeforeHour, builtDays, reader);
                }

                if (builtDays.Count > 0)
                {
                    UpdateDaily(month.Key, builtDays);
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

    /// <summary>Rewrites a day's hourly file with its pending hours rolled up anew, and adds the day's hourly records to <paramref name="builtDays"/>.</summary>
    private RollupBuildStats BuildDay(Series[] series, int day, HashSet<long> hours, long discardBeforeHour, Dictionary<int, List<RollupRecord>> builtDays, RawRunReader reader)
    {
        var hourlyPath = FileNames.RollupFile(_root, RollupTier.Hourly, day, Id);
        var existing = ReadRollupsExcept(hourlyPath, _ => false, out var damaged);
        if (damaged)
        {
            // The day's other hours are lost with the file: roll the whole day up again from raw.
            hours.UnionWith(Enumerable.Range(0, 24).Select(h => ((long)day * 24) + h));
        }

        hours.ExceptWith(existing.Select(r => TimeMath.HourOf(r.Start)).Where(h => h < discardBeforeHour));
        if (hours.Count == 0)
        {
            return default;
        }

        var kept = existing.Where(r => !hours.Contains(TimeMath.HourOf(r.Start)));

        var fresh = new List<RollupRecord>();
        var from = hours.Min() * TimeMath.NanosPerHour;
        var to = (hours.Max() + 1) * TimeMath.NanosPerHour;
        var samples = 0L;
        foreach (var one in series)
        {
            samples += SummarizeHours(one, from, to, hours, fresh, reader);
        }

        var hourly = kept.Concat(fresh).OrderBy(r => r.SeriesId).ThenBy(r => r.Start).ToList();
        WriteRollupFile(hourlyPath, RollupTier.Hourly, day, hourly);
        builtDays.Add(day, hourly);

        var late = hours.Count(h => h <= _newestBuiltHour);
        _newestBuiltHour = Math.Max(_newestBuiltHour, hours.Max());
        return new RollupBuildStats(hours.Count, late, 1, samples);
    }

    /// <summary>Adds the series' records of <paramref name="hours"/> (all in [<paramref name="startNs"/>, <paramref name="endNs"/>)) to <paramref name="output"/>; returns the samples read.</summary>
    private long SummarizeHours(Series series, long startNs, long endNs, HashSet<long> hours, List<RollupRecord> output, RawRunReader reader)
    {
        try
        {
            CollectSources(series, startNs, endNs, reader.View);
            reader.Start(startNs, endNs);
            var samples = 0L;
            while (reader.TryRead(out var run))
            {
                samples += RollupSummarizer.SummarizeHours(series.Id, series.Type, run, hours, output);
            }

            return samples;
        }
        finally
        {
            reader.View.Release();
        }
    }

    /// <summary>Replaces the records of the built days in their month's daily file with the merge of each day's hourly records.</summary>
    private void UpdateDaily(int month, Dictionary<int, List<RollupRecord>> builtDays)
    {
        var dailyPath = FileNames.RollupFile(_root, RollupTier.Daily, month, Id);
        var kept = ReadRollupsExcept(dailyPath, r => builtDays.ContainsKey(TimeMath.DayOf(r.Start)), out var damaged);
        if (damaged)
        {
            kept = RebuildMonthFromHours(month, except: builtDays.Keys);
        }

        var merged = builtDays.SelectMany(day => day.Value.GroupBy(r => r.SeriesId).Select(g => RollupSummarizer.Merge([.. g], TimeMath.DayStart(day.Key))));
        WriteRollupFile(dailyPath, RollupTier.Daily, month, [.. kept.Concat(merged).OrderBy(r => r.SeriesId).ThenBy(r => r.Start)]);
    }

    /// <summary>The daily records of a month's days (but those given) merged again from their hourly files, where those still exist.</summary>
    private List<RollupRecord> RebuildMonthFromHours(int month, IReadOnlyCollection<int> except)
    {
        var records = new List<RollupRecord>();
        for (var day = TimeMath.DayOf(TimeMath.MonthStart(month)); day < TimeMath.DayOf(TimeMath.MonthStart(month + 1)); day++)
        {
            if (except.Contains(day))
            {
                continue;
            }

            var hourly = ReadRollupsExcept(FileNames.RollupFile(_root, RollupTier.Hourly, day, Id), _ => false, out _);
            records.AddRange(hourly.GroupBy(r => r.SeriesId).Select(g => RollupSummarizer.Merge([.. g], TimeMath.DayStart(day))));
        }

        return records;
    }

    /// <summary>The records of a rollup file that <paramref name="replaced"/> does not match; none (and <paramref name="damaged"/>) when the file is damaged.</summary>
    private List<RollupRecord> ReadRollupsExcept(string path, Func<RollupRecord, bool> replaced, out bool damaged)
    {
        damaged = false;
        try
        {
            using var file = RollupFile.TryOpen(path);
            return file is null ? [] : [.. file.ReadAll().Where(r => !replaced(r))];
        }
        catch (CorruptDataException e)
        {
            damaged = true;
            RollupProblem?.Invoke(e);
            return [];
        }
    }

    /// <summary>Damage found in a rollup file while rebuilding (the file is rebuilt from what remains).</summary>
    public event Action<CorruptDataException>? RollupProblem;

    private void WriteRollupFile(string path, RollupTier tier, int partition, List<RollupRecord> records)
    {
        if (records.Count == 0)
        {
            File.Delete(path);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.Write(path, RollupFileFormat.Serialize(tier, Id, partition, records));
    }
}
