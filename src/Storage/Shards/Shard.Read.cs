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
        using var view = new ReadView();
        CollectSources(series, startNs, endNs, view);
        var sources = view.Sources;
        SourceRuns.SortByTime(sources);
        for (var first = 0; first < sources.Count;)
        {
            var count = SourceRuns.RunLength(sources, first);
            var block = count == 1
                ? Decode(view, sources[first], startNs, endNs)
                : BlockMerger.Merge(sources.GetRange(first, count), source => Decode(view, source, startNs, endNs));
            var slice = block.Slice(startNs, endNs);
            if (slice.Count > 0)
            {
                yield return slice;
            }

            first += count;
        }
    }

    /// <summary>A source's samples in [<paramref name="startNs"/>, <paramref name="endNs"/>) (or a few more) as a block of their own.</summary>
    private static DecodedBlock Decode(ReadView view, ChunkSource source, long startNs, long endNs)
    {
        if (source.Segment is { } segment)
        {
            return segment.Decode(source.Index, startNs, endNs);
        }

        if (source.Pending is { } chunk)
        {
            return ChunkDecoder.Decode(chunk.Bytes, startNs, endNs);
        }

        var (from, to) = view.Head.RangeOf(startNs, endNs);
        return view.Head.CopyToBlock(from, to);
    }

    /// <summary>
    /// Fills <paramref name="view"/> (released by the caller) with one consistent view of a series'
    /// data: the segment files and pending chunks, acquired, and a copy of the head, all taken
    /// under the writer lock.
    /// </summary>
    private void CollectSources(Series series, long startNs, long endNs, ReadView view)
    {
        lock (_writeLock)
        {
            view.Segments = _segments;
            foreach (var segment in view.Segments)
            {
                // Cannot fail: the shard's own reference is held while the file is in _segments.
                _ = segment.TryAcquire();
            }

            if (_pending.GetValueOrDefault(series.Id) is { } chunks)
            {
                foreach (var chunk in chunks)
                {
                    if (chunk.MaxTime >= startNs && chunk.MinTime < endNs)
                    {
                        chunk.Acquire();
                        view.Pending.Add(chunk);
                    }
                }
            }

            view.Head.Reset(series.Type, 0);
            if (series.Head.Count > 0)
            {
                series.Head.SnapshotInto(view.Head);
            }
        }

        var sources = view.Sources;
        var precedence = 0;
        foreach (var segment in view.Segments)
        {
            for (var chunk = segment.FirstChunkOf(series.Id); chunk < segment.Entries.Count && segment.Entries[chunk].SeriesId == series.Id; chunk++)
            {
                var entry = segment.Entries[chunk];
                if (entry.MaxTime >= startNs && entry.MinTime < endNs)
                {
                    sources.Add(new ChunkSource(entry.MinTime, entry.MaxTime, precedence++, entry.Length) { Segment = segment, Index = chunk });
                }
            }
        }

        foreach (var chunk in view.Pending)
        {
            sources.Add(new ChunkSource(chunk.MinTime, chunk.MaxTime, precedence++, chunk.Length) { Pending = chunk });
        }

        var head = view.Head.Timestamps;
        if (!head.IsEmpty && head[^1] >= startNs && head[0] < endNs)
        {
            sources.Add(new ChunkSource(head[0], head[^1], precedence, 0));
        }
    }
}
