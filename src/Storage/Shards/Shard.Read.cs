using Engine.Storage.Catalog;
using Engine.Storage.Segments;

namespace Engine.Storage.Shards;

internal sealed partial class Shard
{
    /// <summary>
    /// Streams the samples of one series with <paramref name="startNs"/> ≤ time &lt; <paramref name="endNs"/>
    /// in time order, a chunk at a time, from one consistent view of segments, sealed chunks and
    /// the head. Where sources overlap, the newer source wins a timestamp.
    /// </summary>
    public IEnumerable<DecodedBlock> Read(Series series, long startNs, long endNs)
    {
        var (sources, segments) = CollectSources(series, startNs, endNs);
        try
        {
            foreach (var block in MergeInTimeOrder(sources, startNs, endNs))
            {
                yield return block;
            }
        }
        finally
        {
            Array.ForEach(segments, s => s.Release());
        }
    }

    /// <summary>Orders sources by time and merges those whose ranges overlap (newer wins a timestamp).</summary>
    private static IEnumerable<DecodedBlock> MergeInTimeOrder(List<ChunkSource> sources, long startNs, long endNs)
    {
        sources.Sort((a, b) => a.MinTime != b.MinTime ? a.MinTime.CompareTo(b.MinTime) : a.Precedence.CompareTo(b.Precedence));
        var index = 0;
        while (index < sources.Count)
        {
            var clusterEnd = sources[index].MaxTime;
            var last = index;
            while (last + 1 < sources.Count && sources[last + 1].MinTime <= clusterEnd)
            {
                last++;
                clusterEnd = Math.Max(clusterEnd, sources[last].MaxTime);
            }

            var block = last == index
                ? sources[index].Decode()
                : BlockMerger.Merge(sources.GetRange(index, last - index + 1));
            index = last + 1;
            var slice = block.Slice(startNs, endNs);
            if (slice.Count > 0)
            {
                yield return slice;
            }
        }
    }

    /// <summary>
    /// One consistent view of a series' data; the returned segments are acquired and must be
    /// released once the sources are no longer used.
    /// </summary>
    private (List<ChunkSource> Sources, SegmentReader[] Segments) CollectSources(Series series, long startNs, long endNs)
    {
        SegmentReader[] segments;
        EncodedChunk[] pending;
        DecodedBlock? head = null;
        lock (_writeLock)
        {
            segments = _segments;
            foreach (var segment in segments)
            {
                // Cannot fail: the shard's own reference is held while the file is in _segments.
                _ = segment.TryAcquire();
            }

            pending = _pending.TryGetValue(series.Id, out var list) ? [.. list] : [];
            if (series.Head.Count > 0)
            {
                var (timestamps, values, strings) = series.Head.Snapshot();
                head = new DecodedBlock(series.Type, timestamps, values, strings);
            }
        }

        List<ChunkSource> sources = [];
        var precedence = 0;
        foreach (var segment in segments)
        {
            foreach (var chunk in segment.FindChunks(series.Id, startNs, endNs))
            {
                var entry = segment.Entries[chunk];
                sources.Add(new ChunkSource(entry.MinTime, entry.MaxTime, precedence++, entry.Length, () => segment.Decode(chunk, startNs, endNs)));
            }
        }

        foreach (var chunk in pending)
        {
            if (chunk.MaxTime >= startNs && chunk.MinTime < endNs)
            {
                sources.Add(new ChunkSource(chunk.MinTime, chunk.MaxTime, precedence++, chunk.Bytes.Length, () => ChunkDecoder.Decode(chunk.Bytes, startNs, endNs)));
            }
        }

        if (head is { Count: > 0 } && head.Timestamps[^1] >= startNs && head.Timestamps[0] < endNs)
        {
            sources.Add(new ChunkSource(head.Timestamps[0], head.Timestamps[^1], precedence, 0, () => head));
        }

        return (sources, segments);
    }
}

/// <summary>A chunk (or the head) that may hold samples of a read, with its rank: higher is newer.</summary>
internal sealed record ChunkSource(long MinTime, long MaxTime, int Precedence, int Bytes, Func<DecodedBlock> Decode);
