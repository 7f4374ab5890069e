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
        var (sources, segments, pending) = CollectSources(series, startNs, endNs);
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
            pending.ForEach(c => c.Release());
        }
    }

    /// <summary>Orders sources by time and merges those whose ranges overlap (newer wins a timestamp).</summary>
    private static IEnumerable<DecodedBlock> MergeInTimeOrder(List<ChunkSource> sources, long startNs, long endNs)
    {
        foreach (var (first, count) in OverlappingRuns(sources))
        {
            var block = count == 1 ? sources[first].Decode() : BlockMerger.Merge(sources.GetRange(first, count));
            var slice = block.Slice(startNs, endNs);
            if (slice.Count > 0)
            {
                yield return slice;
            }
        }
    }

    /// <summary>
    /// Sorts <paramref name="sources"/> by time (older precedence first) and returns runs of
    /// consecutive sources whose time ranges overlap, as (first index, count); runs do not overlap
    /// each other.
    /// </summary>
    private static IEnumerable<(int First, int Count)> OverlappingRuns(List<ChunkSource> sources)
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

            yield return (index, last - index + 1);
            index = last + 1;
        }
    }

    /// <summary>
    /// One consistent view of a series' data; the returned segments and pending chunks are acquired
    /// and must be released once the sources are no longer used (a checkpoint may meanwhile hand
    /// the chunks' buffers back to the pool, which waits for the last reference).
    /// </summary>
    private (List<ChunkSource> Sources, SegmentReader[] Segments, List<EncodedChunk> Pending) CollectSources(Series series, long startNs, long endNs)
    {
        SegmentReader[] segments;
        List<EncodedChunk> pending = [];
        DecodedBlock? head = null;
        lock (_writeLock)
        {
            segments = _segments;
            foreach (var segment in segments)
            {
                // Cannot fail: the shard's own reference is held while the file is in _segments.
                _ = segment.TryAcquire();
            }

            foreach (var chunk in _pending.GetValueOrDefault(series.Id) ?? [])
            {
                if (chunk.MaxTime >= startNs && chunk.MinTime < endNs)
                {
                    chunk.Acquire();
                    pending.Add(chunk);
                }
            }

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
            sources.Add(new ChunkSource(chunk.MinTime, chunk.MaxTime, precedence++, chunk.Length, () => ChunkDecoder.Decode(chunk.Bytes, startNs, endNs)));
        }

        if (head is { Count: > 0 } && head.Timestamps[^1] >= startNs && head.Timestamps[0] < endNs)
        {
            sources.Add(new ChunkSource(head.Timestamps[0], head.Timestamps[^1], precedence, 0, () => head));
        }

        return (sources, segments, pending);
    }
}

/// <summary>A chunk (or the head) that may hold samples of a read, with its rank: higher is newer.</summary>
internal sealed record ChunkSource(long MinTime, long MaxTime, int Precedence, int Bytes, Func<DecodedBlock> Decode)
{
    /// <summary>Where the chunk is, for a source in a segment file that compaction decodes into reused columns.</summary>
    public (SegmentReader Segment, int Index)? InSegment { get; init; }
}
