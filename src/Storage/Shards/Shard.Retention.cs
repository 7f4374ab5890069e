using Engine.Storage.IO;
using Engine.Storage.Model;
using Engine.Storage.Segments;

namespace Engine.Storage.Shards;

internal sealed partial class Shard
{
    // Guarded by _writeLock (written by Apply); read without it as a figure.
    private long _newestTimestamp = long.MinValue;

    /// <summary>The newest sample time this shard has seen (segments on open, then every write).</summary>
    public long NewestTimestamp => Volatile.Read(ref _newestTimestamp);

    private void NoteTimestamp(long timestamp)
    {
        if (timestamp > _newestTimestamp)
        {
            _newestTimestamp = timestamp;
        }
    }

    private void NoteNewestInSegments()
    {
        foreach (var segment in _segments)
        {
            foreach (var entry in segment.Entries)
            {
                NoteTimestamp(entry.MaxTime);
            }
        }
    }

    /// <summary>
    /// Deletes the segment files of UTC days that end at or before <paramref name="cutoffNs"/>,
    /// except days with hours still waiting for their rollups (raw data is never dropped before
    /// it is rolled up). Readers in flight keep their mappings until they finish. Returns the
    /// days dropped.
    /// </summary>
    public int DropRawBefore(long cutoffNs)
    {
        lock (_checkpointLock)
        {
            SegmentReader[] expired;
            lock (_writeLock)
            {
                expired = [.. _segments.Where(s => TimeMath.DayStart(s.Day + 1) <= cutoffNs && !HasPendingHours(s.Day))];
                if (expired.Length == 0)
                {
                    return 0;
                }

                _segments = [.. _segments.Except(expired)];
            }

            foreach (var segment in expired)
            {
                segment.Dispose();
                File.Delete(segment.Path);
                DeleteIfEmpty(Path.GetDirectoryName(segment.Path)!);
            }

            return expired.Select(s => s.Day).Distinct().Count();
        }
    }

    /// <summary>Caller holds <see cref="_writeLock"/>.</summary>
    private bool HasPendingHours(int day) => _pendingHours.Between((long)day * 24, ((long)day + 1) * 24).Count > 0;

    /// <summary>Deletes a partition folder once its last file is gone (another shard may still have files in it).</summary>
    internal static void DeleteIfEmpty(string directory)
    {
        try
        {
            if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
            {
                Directory.Delete(directory);
            }
        }
        catch (IOException)
        {
            // Another shard wrote into it meanwhile: it stays.
        }
    }
}
