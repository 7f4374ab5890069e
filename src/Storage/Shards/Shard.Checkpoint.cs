using Engine.Storage.Catalog;
using Engine.Storage.IO;
using Engine.Storage.Segments;

namespace Engine.Storage.Shards;

internal sealed partial class Shard
{
    // Reused from checkpoint to checkpoint; guarded by _checkpointLock.
    private readonly SegmentWriter _segmentWriter = new();
    private readonly List<uint> _checkpointSeries = [];
    private readonly List<(List<EncodedChunk> Pending, int Taken)> _checkpointTaken = [];
    private readonly List<EncodedChunk> _checkpointChunks = [];
    private readonly List<EncodedChunk> _checkpointDay = [];

    /// <summary>
    /// Moves samples from memory into segment files and shortens the WAL:
    /// 1. under the writer lock, seal every head whose oldest sample came from a WAL address below
    ///    <paramref name="sealBeforeAddress"/> and note the pending chunks and the truncation point
    ///    (the oldest WAL address any remaining head still depends on);
    /// 2. without the lock, write those chunks to new segment files (tmp, fsync, rename) and make
    ///    the catalog and the hours waiting for rollups durable;
    /// 3. under the lock, swap the chunks for the new segments in one step, so readers see each
    ///    sample exactly once, then drop the shard's references to the chunks (readers in flight
    ///    keep theirs);
    /// 4. truncate the WAL at the truncation point and commit.
    /// Writers keep going during step 2. Returns the number of chunks written.
    /// </summary>
    public int Checkpoint(SeriesCatalog catalog, long sealBeforeAddress = long.MaxValue)
    {
        lock (_checkpointLock)
        {
            long truncateAt;
            lock (_writeLock)
            {
                truncateAt = SealOldHeads(sealBeforeAddress);
                TakePending();
            }

            var written = WriteSegments(_checkpointChunks);
            catalog.Persist();
            PersistPendingHours();
            lock (_writeLock)
            {
                foreach (var (pending, taken) in _checkpointTaken)
                {
                    pending.RemoveRange(0, taken);
                }

                _segments = [.. _segments, .. written];
            }

            var count = _checkpointChunks.Count;
            foreach (var chunk in _checkpointChunks)
            {
                chunk.Release();
            }

            _checkpointChunks.Clear();

            if (truncateAt > Wal.BeginAddress)
            {
                // The point is a record's address or the tail as it was under the writer lock, both
                // record boundaries (FasterLog skips the unused end of a page when scanning).
                Wal.TruncateUntil(truncateAt);
                Wal.Commit();
            }

            return count;
        }
    }

    /// <summary>Caller holds <see cref="_writeLock"/>. Returns the WAL address the remaining heads need.</summary>
    private long SealOldHeads(long sealBeforeAddress)
    {
        var oldestNeeded = Wal.TailAddress;
        var kept = 0;
        for (var i = 0; i < _listedHeads.Count; i++)
        {
            var series = _listedHeads[i];
            var head = series.Head;
            if (head.Count > 0 && head.FirstWalAddress >= sealBeforeAddress)
            {
                oldestNeeded = Math.Min(oldestNeeded, head.FirstWalAddress);
                _listedHeads[kept++] = series;
                continue;
            }

            // Only a full checkpoint (the interval, or a flush) trims buffers: one driven by WAL size
            // seals busy heads too, whose buffers would only grow back.
            SealHead(series, trim: sealBeforeAddress == long.MaxValue);
            head.Listed = false;
        }

        _listedHeads.RemoveRange(kept, _listedHeads.Count - kept);
        return oldestNeeded;
    }

    /// <summary>
    /// Caller holds <see cref="_writeLock"/>. Notes every pending chunk in <see cref="_checkpointChunks"/>,
    /// ordered by series id and, within a series, by seal order (the order segment files need).
    /// </summary>
    private void TakePending()
    {
        _checkpointSeries.Clear();
        _checkpointTaken.Clear();
        _checkpointChunks.Clear();
        foreach (var (seriesId, pending) in _pending)
        {
            if (pending.Count > 0)
            {
                _checkpointSeries.Add(seriesId);
            }
        }

        _checkpointSeries.Sort();
        foreach (var seriesId in _checkpointSeries)
        {
            var pending = _pending[seriesId];
            _checkpointTaken.Add((pending, pending.Count));
            _checkpointChunks.AddRange(pending);
        }
    }

    /// <summary>Writes one segment file per day of <paramref name="chunks"/> (in series order).</summary>
    private List<SegmentReader> WriteSegments(List<EncodedChunk> chunks)
    {
        List<SegmentReader> written = [];
        foreach (var day in chunks.Select(c => c.Day).Distinct().Order())
        {
            _checkpointDay.Clear();
            foreach (var chunk in chunks)
            {
                if (chunk.Day == day)
                {
                    _checkpointDay.Add(chunk);
                }
            }

            written.Add(WriteSegment(day, _checkpointDay));
        }

        return written;
    }

    /// <summary>Caller holds <see cref="_checkpointLock"/>. Writes one new segment file with the next generation and opens it.</summary>
    private SegmentReader WriteSegment(int day, IReadOnlyList<EncodedChunk> chunks)
    {
        var generation = Interlocked.Increment(ref _nextGeneration);
        var path = FileNames.SegmentFile(_root, day, Id, generation);
        _segmentWriter.Write(path, Id, day, chunks);
        return SegmentReader.Open(path, generation);
    }
}
