namespace Engine.Storage.Shards;

internal sealed partial class Shard
{
    /// <summary>
    /// Samples and encoded bytes per series in segments, sealed chunks and heads (head samples
    /// count no bytes yet). Samples overwritten by a later write count until compaction.
    /// </summary>
    public Dictionary<uint, (long Samples, long Bytes)> CollectSeriesUsage()
    {
        var usage = new Dictionary<uint, (long Samples, long Bytes)>();
        void Add(uint id, long samples, long bytes)
        {
            usage.TryGetValue(id, out var current);
            usage[id] = (current.Samples + samples, current.Bytes + bytes);
        }

        SegmentsSnapshot(out var segments, out var pending, out var heads);
        foreach (var segment in segments)
        {
            foreach (var entry in segment.Entries)
            {
                Add(entry.SeriesId, entry.Count, entry.Length);
            }
        }

        foreach (var (id, count, length) in pending)
        {
            Add(id, count, length);
        }

        foreach (var (id, count) in heads)
        {
            Add(id, count, 0);
        }

        return usage;
    }

    /// <summary>Samples in heads, not yet encoded.</summary>
    public long HeadSamples()
    {
        lock (_writeLock)
        {
            return _listedHeads.Sum(s => (long)s.Head.Count);
        }
    }

    /// <summary>Bytes of this shard's WAL files on disk.</summary>
    public long WalBytesOnDisk() =>
        Directory.Exists(Wal.Directory)
            ? new DirectoryInfo(Wal.Directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
            : 0;

    private void SegmentsSnapshot(out Segments.SegmentReader[] segments, out List<(uint Id, int Count, int Length)> pending, out List<(uint Id, int Count)> heads)
    {
        lock (_writeLock)
        {
            segments = _segments;
            // Figures, not chunks: a checkpoint may hand a chunk back to the pool once the lock is released.
            pending = [.. _pending.Values.SelectMany(list => list).Select(c => (c.SeriesId, c.Count, c.Length))];
            heads = [.. _listedHeads.Where(s => s.Head.Count > 0).Select(s => (s.Id, s.Head.Count))];
        }
    }
}
