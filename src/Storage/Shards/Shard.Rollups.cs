using Engine.Storage.IO;
using Engine.Storage.Model;
using Engine.Storage.Rollups;

namespace Engine.Storage.Shards;

internal sealed partial class Shard
{
    /// <summary>Guarded by <see cref="_writeLock"/>.</summary>
    private readonly PendingHours _pendingHours = new();

    /// <summary>Told of every file this shard writes anew, so queries stop using the older one.</summary>
    private readonly RollupFileCache _rollupFiles;

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
}
