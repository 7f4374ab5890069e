using Engine.Storage.Catalog;
using Engine.Storage.IO;
using Engine.Storage.Segments;

namespace Engine.Storage.Shards;

internal sealed partial class Shard
{
    /// <summary>
    /// Moves samples from memory into segment files and shortens the WAL:
    /// 1. under the writer lock, seal every head whose oldest sample came from a WAL address below
    ///    <paramref name="sealBeforeAddress"/> and note the pending chunks and the truncation point
    ///    (the oldest WAL address any remaining head still depends on);
    /// 2. without the lock, write those chunks to new segment files (tmp, fsync, rename) and make
    ///    the catalog durable;
    /// 3. under the lock, swap the chunks for the new segments in one step, so readers see each
    ///    sample exactly once;
    /// 4. truncate the WAL at the truncation point and commit.
    /// Writers keep going during step 2. Returns the number of chunks written.
    /// </summary>
    public int Checkpoint(SeriesCatalog catalog, long sealBeforeAddress = long.MaxValue)
    {
        lock (_checkpointLock)
        {
            List<(uint SeriesId, int Taken)> taken = [];
            List<EncodedChunk> chunks = [];
            long truncateAt;
            lock (_writeLock)
            {
                truncateAt = SealOldHeads(sealBeforeAddress);
                foreach (var (seriesId, list) in _pending)
                {
                    taken.Add((seriesId, list.Count));
                    chunks.AddRange(list);
                }
            }

            var written = WriteSegments(chunks);
            catalog.Persist();
            lock (_writeLock)
            {
                foreach (var (seriesId, count) in taken)
                {
                    var list = _pending[seriesId];
                    list.RemoveRange(0, count);
                    if (list.Count == 0)
                    {
                        _pending.Remove(seriesId);
                    }
                }

                _segments = [.. _segments, .. written];
            }

            if (truncateAt > Wal.BeginAddress)
            {
                // The point is a record's address or the tail as it was under the writer lock, both
                // record boundaries (FasterLog skips the unused end of a page when scanning).
                Wal.TruncateUntil(truncateAt);
                Wal.Commit();
            }

            return chunks.Count;
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

    private List<SegmentReader> WriteSegments(List<EncodedChunk> chunks)
    {
        List<SegmentReader> written = [];
        foreach (var day in chunks.GroupBy(c => c.Day).OrderBy(g => g.Key))
        {
            var generation = Interlocked.Increment(ref _nextGeneration);
            var path = FileNames.SegmentFile(_root, day.Key, Id, generation);
            SegmentWriter.Write(path, Id, day.Key, [.. day]);
            written.Add(SegmentReader.Open(path, generation));
        }

        return written;
    }
}
